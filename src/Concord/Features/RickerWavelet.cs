using System.Numerics;
using System.Runtime.CompilerServices;

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

    /// <summary>
    /// Weights w with mean_k CWT(x)[k] = Σ_m x[m]·w[m] for signals of <paramref name="length"/> samples:
    /// w[m] = (1/N) Σ_k ψ[(M−1)//2 + k − m] over the k whose index lies inside [0, M). Exchanging the two sums turns the
    /// mean of a CWT row into one dot product, so <see cref="WaveletStatistic.Mean"/> needs no convolution.
    /// </summary>
    public static double[] MeanWeights(int width, int length)
    {
        var kernel = Kernel(KernelLength(width, length), width);
        int m = kernel.Length, c = (m - 1) / 2;
        var w = new double[length];
        for (int j = 0; j < length; j++)
        {
            double s = 0;
            for (int k = 0; k < length; k++)
            {
                int t = c + k - j;
                if (t >= 0 && t < m) s += kernel[t];
            }
            w[j] = s / length;
        }
        return w;
    }

    /// <summary>'same' convolution as np.convolve/scipy.signal.convolve compute it for len(x) ≥ len(kernel):
    /// the full convolution cropped from offset (M−1)//2, with zeros outside the signal. The row is copied into a
    /// zero-padded buffer so every tap is in range; outputs are computed in register blocks of 4 vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ConvolveSame(ReadOnlySpan<double> x, ReadOnlySpan<double> kernel, Span<double> output)
    {
        int n = x.Length, m = kernel.Length, c = (m - 1) / 2;
        int vw = Vector<double>.Count, block = 4 * vw;
        int blocks = (n + block - 1) / block;
        // xp[m + j] = x[j]; out[k] = Σ_tap ψ[tap]·xp[m + k + c − tap]; indices span [k + c + 1, k + c + m] ⊂ [0, blocks·block + 2m)
        var xp = new double[blocks * block + 2 * m];
        x.CopyTo(xp.AsSpan(m));
        var res = new double[blocks * block];
        for (int b = 0; b < blocks; b++)
        {
            int k0 = b * block;
            Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int tap = 0; tap < m; tap++)
            {
                var w = new Vector<double>(kernel[tap]);
                int src = m + k0 + c - tap;
                a0 += w * new Vector<double>(xp, src);
                a1 += w * new Vector<double>(xp, src + vw);
                a2 += w * new Vector<double>(xp, src + 2 * vw);
                a3 += w * new Vector<double>(xp, src + 3 * vw);
            }
            a0.CopyTo(res, k0); a1.CopyTo(res, k0 + vw); a2.CopyTo(res, k0 + 2 * vw); a3.CopyTo(res, k0 + 3 * vw);
        }
        res.AsSpan(0, n).CopyTo(output);
    }
}
