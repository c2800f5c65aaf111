using System.Numerics;

namespace Concord.Features;

/// <summary>
/// The Ricker (Mexican-hat) continuous wavelet transform with <c>scipy.signal.cwt(x, scipy.signal.ricker, [a])</c>
/// semantics (scipy 1.1–1.14, METHOD.md §4.3): wavelet length M = min(10a, N),
/// ψ[k] = A(1 − u²/a²)·exp(−u²/(2a²)), u = k − (M−1)/2, A = 2/(√(3a)·π^¼), and a 'same'-mode convolution with zero padding,
/// out[k] = Σ_m x[m]·ψ[(M−1)//2 + k − m] over indices inside [0, M).
/// </summary>
public static class RickerWavelet
{
    /// <summary><c>scipy.signal.ricker(points, a)</c>.</summary>
    public static double[] Kernel(int points, double width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        double a = 2 / (Math.Sqrt(3 * width) * Math.Pow(Math.PI, 0.25));
        double wsq = width * width;
        var k = new double[points];
        for (int i = 0; i < points; i++)
        {
            double u = i - (points - 1.0) / 2;
            double xsq = u * u;
            k[i] = a * (1 - xsq / wsq) * Math.Exp(-xsq / (2 * wsq));
        }
        return k;
    }

    /// <summary>The wavelet length scipy's <c>cwt</c> uses for width <paramref name="width"/> on a signal of <paramref name="length"/>.</summary>
    public static int KernelLength(int width, int length) => Math.Min(10 * width, length);

    /// <summary>The CWT of one signal at one width: <c>scipy.signal.cwt(x, ricker, [width])[0]</c>.</summary>
    public static double[] Transform(ReadOnlySpan<double> x, int width)
    {
        var kernel = Kernel(KernelLength(width, x.Length), width);
        var result = new double[x.Length];
        ConvolveSame(x, kernel, result);
        return result;
    }

    /// <summary>
    /// The CWT of every row of a row-major matrix [<paramref name="rows"/>, <paramref name="length"/>] at one width,
    /// into <paramref name="output"/> of the same shape. One kernel serves every row.
    /// </summary>
    public static void TransformRows(ReadOnlySpan<double> matrix, int rows, int length, int width, Span<double> output)
    {
        if (matrix.Length != rows * length || output.Length != rows * length) throw new ArgumentException("matrix and output must be rows × length");
        var kernel = Kernel(KernelLength(width, length), width);
        for (int r = 0; r < rows; r++)
            ConvolveSame(matrix.Slice(r * length, length), kernel, output.Slice(r * length, length));
    }

    /// <summary>'same' convolution as np.convolve/scipy.signal.convolve compute it for len(x) ≥ len(kernel):
    /// the full convolution cropped from offset (M−1)//2. Vectorised over output positions, one kernel tap at a time.</summary>
    internal static void ConvolveSame(ReadOnlySpan<double> x, ReadOnlySpan<double> kernel, Span<double> output)
    {
        int n = x.Length, m = kernel.Length, c = (m - 1) / 2;
        output.Clear();
        int vw = Vector<double>.Count;
        for (int tap = 0; tap < m; tap++)
        {
            // out[k] += ψ[tap]·x[k + c − tap] for 0 ≤ k + c − tap < n
            int shift = c - tap;
            int lo = Math.Max(0, -shift), hi = Math.Min(n, n - shift);
            if (lo >= hi) continue;
            double w = kernel[tap];
            var wv = new Vector<double>(w);
            var src = x.Slice(lo + shift, hi - lo);
            var dst = output.Slice(lo, hi - lo);
            int i = 0;
            for (; i <= dst.Length - vw; i += vw)
                (new Vector<double>(dst.Slice(i)) + wv * new Vector<double>(src.Slice(i))).CopyTo(dst.Slice(i));
            for (; i < dst.Length; i++) dst[i] += w * src[i];
        }
    }
}
