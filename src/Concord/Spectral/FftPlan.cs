namespace Concord.Spectral;

/// <summary>
/// A reusable, immutable plan for the power spectrum of real frames of length <see cref="Size"/> in float64:
/// P[k] = |Σ_n x[n]·e^{−2πikn/N}|², k = 0…N/2 (no 1/N scaling). Even N with N/2 a power of two uses a half-length
/// complex radix-2 FFT plus the real-input split; any other N uses Bluestein's chirp-z algorithm.
/// Thread-safe: per-thread scratch lives in a <see cref="FftWorkspace"/>.
/// </summary>
internal sealed class FftPlan
{
    private readonly int _half;            // complex FFT length for the fast path (N/2)
    private readonly int[] _bitReverse;    // for the complex FFT of length _half (or Bluestein length)
    private readonly double[] _twRe, _twIm; // twiddles e^{-2πij/M}, j < M/2, M = complex length
    private readonly double[] _splitRe, _splitIm; // e^{-2πik/N}, k ≤ N/2 (fast path)
    private readonly int _complexLength;
    // Bluestein
    private readonly bool _bluestein;
    private readonly double[]? _chirpRe, _chirpIm;          // w[n] = e^{-iπn²/N}
    private readonly double[]? _kernelRe, _kernelIm;        // FFT of conj chirp, zero-padded to M

    public int Size { get; }
    public int Bins => Size / 2 + 1;

    public FftPlan(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        Size = size;
        if (size % 2 == 0 && IsPowerOfTwo(size / 2))
        {
            _half = size / 2;
            _complexLength = _half;
            _splitRe = new double[_half + 1];
            _splitIm = new double[_half + 1];
            for (int k = 0; k <= _half; k++)
            {
                double a = -2.0 * Math.PI * k / size;
                _splitRe[k] = Math.Cos(a);
                _splitIm[k] = Math.Sin(a);
            }
        }
        else
        {
            _bluestein = true;
            int m = 1;
            while (m < 2 * size - 1) m <<= 1;
            _complexLength = m;
            _splitRe = _splitIm = [];
            _chirpRe = new double[size];
            _chirpIm = new double[size];
            long twoN = 2L * size;
            for (int n = 0; n < size; n++)
            {
                // n² mod 2N keeps the angle exact for large n.
                long q = (long)n * n % twoN;
                double a = -Math.PI * q / size;
                _chirpRe[n] = Math.Cos(a);
                _chirpIm[n] = Math.Sin(a);
            }
        }
        (_twRe, _twIm, _bitReverse) = BuildComplexTables(_complexLength);
        if (_bluestein)
        {
            int m = _complexLength;
            var kr = new double[m];
            var ki = new double[m];
            kr[0] = _chirpRe![0]; ki[0] = -_chirpIm![0];
            for (int n = 1; n < size; n++)
            {
                kr[n] = kr[m - n] = _chirpRe[n];
                ki[n] = ki[m - n] = -_chirpIm[n];
            }
            ComplexForward(kr, ki);
            _kernelRe = kr; _kernelIm = ki;
        }
    }

    /// <summary>Scratch buffers for one thread.</summary>
    public FftWorkspace CreateWorkspace() => new(_complexLength);

    /// <summary>Writes |X[k]|² for k = 0…N/2 of the real frame <paramref name="frame"/> (length N) into <paramref name="power"/>.</summary>
    public void PowerSpectrum(ReadOnlySpan<double> frame, Span<double> power, FftWorkspace ws)
    {
        if (frame.Length != Size) throw new ArgumentException($"frame length {frame.Length} != {Size}", nameof(frame));
        if (power.Length < Bins) throw new ArgumentException("power too short", nameof(power));
        var re = ws.Re; var im = ws.Im;
        if (!_bluestein)
        {
            int h = _half;
            for (int j = 0; j < h; j++) { re[j] = frame[2 * j]; im[j] = frame[2 * j + 1]; }
            ComplexForward(re, im);
            // Z[k] = E[k] + i·O[k]; E[k] = (Z[k] + conj Z[h−k])/2, O[k] = (Z[k] − conj Z[h−k])/(2i); X[k] = E[k] + w^k O[k].
            double z0r = re[0], z0i = im[0];
            power[0] = (z0r + z0i) * (z0r + z0i);
            power[h] = (z0r - z0i) * (z0r - z0i);
            for (int k = 1; k < h; k++)
            {
                double ar = re[k], ai = im[k], br = re[h - k], bi = -im[h - k];
                double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
                double dr = ar - br, di = ai - bi;
                double or = 0.5 * di, oi = -0.5 * dr;     // (d)/(2i)
                double wr = _splitRe[k], wi = _splitIm[k];
                double xr = er + wr * or - wi * oi;
                double xi = ei + wr * oi + wi * or;
                power[k] = xr * xr + xi * xi;
            }
            return;
        }
        int m = _complexLength, n = Size;
        var cr = _chirpRe!; var ci = _chirpIm!;
        for (int j = 0; j < n; j++) { re[j] = frame[j] * cr[j]; im[j] = frame[j] * ci[j]; }
        Array.Clear(re, n, m - n); Array.Clear(im, n, m - n);
        ComplexForward(re, im);
        var kr = _kernelRe!; var ki = _kernelIm!;
        for (int j = 0; j < m; j++)
        {
            double a = re[j], b = im[j];
            re[j] = a * kr[j] - b * ki[j];
            im[j] = a * ki[j] + b * kr[j];
        }
        // inverse via conjugation: ifft(z) = conj(fft(conj z)) / m
        for (int j = 0; j < m; j++) im[j] = -im[j];
        ComplexForward(re, im);
        double inv = 1.0 / m;
        for (int k = 0; k < Bins; k++)
        {
            double yr = re[k] * inv, yi = -im[k] * inv;
            double xr = yr * cr[k] - yi * ci[k];
            double xi = yr * ci[k] + yi * cr[k];
            power[k] = xr * xr + xi * xi;
        }
    }

    private static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    private static (double[] re, double[] im, int[] rev) BuildComplexTables(int m)
    {
        var re = new double[Math.Max(1, m / 2)];
        var im = new double[Math.Max(1, m / 2)];
        for (int j = 0; j < m / 2; j++)
        {
            double a = -2.0 * Math.PI * j / m;
            re[j] = Math.Cos(a);
            im[j] = Math.Sin(a);
        }
        int bits = 0;
        while ((1 << bits) < m) bits++;
        var rev = new int[m];
        for (int i = 0; i < m; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) if ((i & (1 << b)) != 0) r |= 1 << (bits - 1 - b);
            rev[i] = r;
        }
        return (re, im, rev);
    }

    /// <summary>In-place forward complex FFT of length <see cref="_complexLength"/> (iterative radix-2, decimation in time).</summary>
    private void ComplexForward(double[] re, double[] im)
    {
        int m = _complexLength;
        var rev = _bitReverse;
        for (int i = 0; i < m; i++)
        {
            int j = rev[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        // First stage (length 2) without twiddles.
        for (int i = 0; i + 1 < m; i += 2)
        {
            double ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
            re[i] = ar + br; im[i] = ai + bi;
            re[i + 1] = ar - br; im[i + 1] = ai - bi;
        }
        var twr = _twRe; var twi = _twIm;
        for (int len = 4; len <= m; len <<= 1)
        {
            int halfLen = len >> 1;
            int step = m / len;
            for (int start = 0; start < m; start += len)
            {
                int tw = 0;
                for (int k = start; k < start + halfLen; k++, tw += step)
                {
                    double wr = twr[tw], wi = twi[tw];
                    int l = k + halfLen;
                    double xr = re[l] * wr - im[l] * wi;
                    double xi = re[l] * wi + im[l] * wr;
                    double ur = re[k], ui = im[k];
                    re[k] = ur + xr; im[k] = ui + xi;
                    re[l] = ur - xr; im[l] = ui - xi;
                }
            }
        }
    }
}

/// <summary>Per-thread scratch for <see cref="FftPlan"/>.</summary>
internal sealed class FftWorkspace(int complexLength)
{
    public double[] Re { get; } = new double[complexLength];
    public double[] Im { get; } = new double[complexLength];
}
