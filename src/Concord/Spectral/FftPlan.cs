using System.Numerics;
using System.Runtime.CompilerServices;

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
    // Broadcast copies of the twiddles for the frame-parallel SIMD path (fast path only).
    private readonly Vector<double>[] _vTwRe = [], _vTwIm = [], _vSplitRe = [], _vSplitIm = [];

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
        if (!_bluestein)
        {
            _vTwRe = [.. _twRe.Select(v => new Vector<double>(v))];
            _vTwIm = [.. _twIm.Select(v => new Vector<double>(v))];
            _vSplitRe = [.. _splitRe.Select(v => new Vector<double>(v))];
            _vSplitIm = [.. _splitIm.Select(v => new Vector<double>(v))];
        }
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

    /// <summary>Frames computed together by <see cref="WindowedPowerSpectra"/>: one per SIMD lane.</summary>
    public static int Lanes => Vector<double>.Count;

    /// <summary>
    /// Power spectra of up to <see cref="Lanes"/> windowed frames at once, one frame per SIMD lane:
    /// frame l is window · signal[starts[l] … starts[l] + N). <paramref name="power"/>[k] holds bin k of every lane.
    /// Lane results are bit-identical to <see cref="PowerSpectrum"/> on the same windowed frame.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WindowedPowerSpectra(ReadOnlySpan<double> signal, ReadOnlySpan<int> starts, ReadOnlySpan<double> window,
        Span<Vector<double>> power, FftWorkspace ws)
    {
        int lanes = Lanes;
        if (starts.Length != lanes) throw new ArgumentException($"need {lanes} frame starts", nameof(starts));
        if (power.Length < Bins) throw new ArgumentException("power too short", nameof(power));
        Span<double> tr = stackalloc double[lanes];
        Span<double> ti = stackalloc double[lanes];
        if (_bluestein)
        {
            // Scalar per lane, packed afterwards.
            var frame = ws.Scratch(0, Size);
            var p = ws.Scratch(1, Bins);
            var packed = ws.Scratch(2, Bins * lanes);
            for (int l = 0; l < lanes; l++)
            {
                var src = signal.Slice(starts[l], Size);
                for (int n = 0; n < Size; n++) frame[n] = src[n] * window[n];
                PowerSpectrum(frame, p, ws);
                for (int k = 0; k < Bins; k++) packed[k * lanes + l] = p[k];
            }
            for (int k = 0; k < Bins; k++) power[k] = new Vector<double>(packed, k * lanes);
            return;
        }
        int h = _half;
        var re = ws.VRe; var im = ws.VIm; var rev = _bitReverse;
        // Window, pack even/odd samples as re/im, and scatter into bit-reversed order in one pass.
        for (int j = 0; j < h; j++)
        {
            double w0 = window[2 * j], w1 = window[2 * j + 1];
            for (int l = 0; l < lanes; l++)
            {
                int s = starts[l] + 2 * j;
                tr[l] = signal[s] * w0;
                ti[l] = signal[s + 1] * w1;
            }
            int r = rev[j];
            re[r] = new Vector<double>(tr);
            im[r] = new Vector<double>(ti);
        }
        Butterflies(re, im);
        var z0r = re[0]; var z0i = im[0];
        power[0] = (z0r + z0i) * (z0r + z0i);
        power[h] = (z0r - z0i) * (z0r - z0i);
        var half = new Vector<double>(0.5);
        var minusHalf = new Vector<double>(-0.5);
        for (int k = 1; k < h; k++)
        {
            var ar = re[k]; var ai = im[k]; var br = re[h - k]; var bi = -im[h - k];
            var er = half * (ar + br); var ei = half * (ai + bi);
            var dr = ar - br; var di = ai - bi;
            var or = half * di; var oi = minusHalf * dr;
            var wr = _vSplitRe[k]; var wi = _vSplitIm[k];
            var xr = er + wr * or - wi * oi;
            var xi = ei + wr * oi + wi * or;
            power[k] = xr * xr + xi * xi;
        }
    }

    /// <summary>
    /// Radix-2 butterflies on bit-reversed SIMD data (each lane an independent transform), two stages per pass over
    /// memory: stage len (pairs k, k + len/2) and stage 2·len (pairs k, k + len) are fused on groups of four elements.
    /// Every element sees exactly the operations of the one-stage-at-a-time loop, so the result is bit-identical to it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Butterflies(Vector<double>[] re, Vector<double>[] im)
    {
        int m = _complexLength;
        var twr = _vTwRe; var twi = _vTwIm;
        int len = 2;
        for (; len * 2 <= m; len <<= 2)
        {
            int h = len >> 1, block = len << 1;
            int stepA = m / len, stepB = m / block;
            for (int start = 0; start < m; start += block)
            {
                for (int j = 0; j < h; j++)
                {
                    int i0 = start + j, i1 = i0 + h, i2 = i0 + len, i3 = i2 + h;
                    var war = twr[j * stepA]; var wai = twi[j * stepA];
                    // stage len: (i0, i1) and (i2, i3) with the same twiddle
                    var xr = re[i1] * war - im[i1] * wai; var xi = re[i1] * wai + im[i1] * war;
                    var a0r = re[i0] + xr; var a0i = im[i0] + xi; var a1r = re[i0] - xr; var a1i = im[i0] - xi;
                    xr = re[i3] * war - im[i3] * wai; xi = re[i3] * wai + im[i3] * war;
                    var a2r = re[i2] + xr; var a2i = im[i2] + xi; var a3r = re[i2] - xr; var a3i = im[i2] - xi;
                    // stage 2·len: (i0, i2) with twiddle j, (i1, i3) with twiddle j + h
                    var wbr = twr[j * stepB]; var wbi = twi[j * stepB];
                    xr = a2r * wbr - a2i * wbi; xi = a2r * wbi + a2i * wbr;
                    re[i0] = a0r + xr; im[i0] = a0i + xi; re[i2] = a0r - xr; im[i2] = a0i - xi;
                    wbr = twr[(j + h) * stepB]; wbi = twi[(j + h) * stepB];
                    xr = a3r * wbr - a3i * wbi; xi = a3r * wbi + a3i * wbr;
                    re[i1] = a1r + xr; im[i1] = a1i + xi; re[i3] = a1r - xr; im[i3] = a1i - xi;
                }
            }
        }
        if (len <= m)
        {
            // One stage left (odd number of stages).
            int h = len >> 1, step = m / len;
            for (int start = 0; start < m; start += len)
            {
                for (int j = 0; j < h; j++)
                {
                    int k = start + j, l = k + h;
                    var wr = twr[j * step]; var wi = twi[j * step];
                    var xr = re[l] * wr - im[l] * wi;
                    var xi = re[l] * wi + im[l] * wr;
                    var ur = re[k]; var ui = im[k];
                    re[k] = ur + xr; im[k] = ui + xi;
                    re[l] = ur - xr; im[l] = ui - xi;
                }
            }
        }
    }

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
