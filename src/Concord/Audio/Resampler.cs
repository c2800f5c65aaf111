namespace Concord.Audio;

/// <summary>
/// Band-limited sample-rate conversion by a Kaiser-windowed sinc evaluated at the exact rational positions
/// (a polyphase filter for ratio L/M = target/source in lowest terms).
/// Output sample n sits at input time t = n·M/L and is y[n] = Σ_j x[j]·h(t − j), with
/// h(τ) = c·sinc(c·τ)·I0(β·√(1 − (τ/W)²))/I0(β) for |τ| &lt; W = Z/c, c = rolloff·min(1, L/M).
/// The parameters are those of resampy's <c>kaiser_best</c> filter, which librosa 0.8's default <c>res_type</c> uses:
/// Z = 64 zero crossings, rolloff 0.9475937, β = 14.7696565. Each phase is normalised to unit DC gain.
/// Samples outside the input count as zero; the output has ⌈len·L/M⌉ samples, like resampy.
/// Quality (measured, see docs/audio.md): passband ripple below 1e-4 dB up to 0.85×the lower Nyquist,
/// aliases of tones above 1.1×the target Nyquist attenuated by more than 120 dB.
/// Immutable and thread-safe.
/// </summary>
public sealed class Resampler
{
    /// <summary>Zero crossings of the sinc on each side (window half-width in units of the cutoff period).</summary>
    public const int ZeroCrossings = 64;

    /// <summary>Cutoff as a fraction of the lower Nyquist frequency.</summary>
    public const double Rolloff = 0.9475937167399596;

    /// <summary>Kaiser window shape parameter.</summary>
    public const double KaiserBeta = 14.769656459379492;

    /// <summary>Above this many phases, taps are interpolated from a finely sampled table instead of stored per phase.</summary>
    private const int MaxExactPhases = 1024;

    /// <summary>Table resolution (samples per unit τ) for the interpolated path.</summary>
    private const int TableOversampling = 4096;

    private readonly int _up, _down, _halfTaps;
    private readonly double _cutoff, _halfWidth;
    private readonly double[]? _phases;      // [L, 2K] exact taps, each phase normalised
    private readonly double[]? _table;       // h(τ) for τ = i / TableOversampling, 0 ≤ τ ≤ W

    public int SourceRateHz { get; }
    public int TargetRateHz { get; }

    public Resampler(int sourceRateHz, int targetRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceRateHz);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetRateHz);
        SourceRateHz = sourceRateHz;
        TargetRateHz = targetRateHz;
        int g = Gcd(sourceRateHz, targetRateHz);
        _up = targetRateHz / g;
        _down = sourceRateHz / g;
        _cutoff = Rolloff * Math.Min(1.0, (double)_up / _down);
        _halfWidth = ZeroCrossings / _cutoff;
        _halfTaps = (int)Math.Ceiling(_halfWidth);
        if (_up <= MaxExactPhases)
        {
            int taps = 2 * _halfTaps;
            _phases = new double[_up * taps];
            for (int p = 0; p < _up; p++)
            {
                double frac = (double)p / _up, sum = 0;
                var row = _phases.AsSpan(p * taps, taps);
                for (int m = 0; m < taps; m++) { row[m] = Kernel(frac + _halfTaps - 1 - m); sum += row[m]; }
                for (int m = 0; m < taps; m++) row[m] /= sum;
            }
        }
        else
        {
            int n = (int)Math.Ceiling(_halfWidth * TableOversampling) + 2;
            _table = new double[n];
            for (int i = 0; i < n; i++) _table[i] = Kernel((double)i / TableOversampling);
        }
    }

    /// <summary>Output length for <paramref name="inputLength"/> input samples: ⌈len·target/source⌉.</summary>
    public int OutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return checked((int)(((long)inputLength * _up + _down - 1) / _down));
    }

    /// <summary>Resamples <paramref name="input"/> (at <see cref="SourceRateHz"/>) to <see cref="TargetRateHz"/>.</summary>
    public float[] Process(ReadOnlySpan<float> input)
    {
        int outLen = OutputLength(input.Length);
        var output = new float[outLen];
        if (_up == _down) { input.CopyTo(output); return output; }
        int taps = 2 * _halfTaps, n = input.Length;
        for (int o = 0; o < outLen; o++)
        {
            long pos = (long)o * _down;
            int i0 = (int)(pos / _up), phase = (int)(pos % _up);
            int first = i0 + 1 - _halfTaps;          // input index of tap m = 0
            int mLo = Math.Max(0, -first), mHi = Math.Min(taps, n - first);
            double acc = 0;
            if (_phases is not null)
            {
                var h = _phases.AsSpan(phase * taps, taps);
                for (int m = mLo; m < mHi; m++) acc += h[m] * input[first + m];
            }
            else
            {
                double frac = (double)phase / _up, sum = 0;
                for (int m = 0; m < taps; m++)
                {
                    double w = Interpolated(frac + _halfTaps - 1 - m);
                    sum += w;
                    if (m >= mLo && m < mHi) acc += w * input[first + m];
                }
                acc /= sum;
            }
            output[o] = (float)acc;
        }
        return output;
    }

    private double Kernel(double tau)
    {
        double a = Math.Abs(tau);
        if (a >= _halfWidth) return 0;
        double x = _cutoff * tau;
        double sinc = x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
        double r = a / _halfWidth;
        return _cutoff * sinc * BesselI0(KaiserBeta * Math.Sqrt(1 - r * r)) / BesselI0(KaiserBeta);
    }

    private double Interpolated(double tau)
    {
        double a = Math.Abs(tau) * TableOversampling;
        int i = (int)a;
        if (i + 1 >= _table!.Length) return 0;
        double f = a - i;
        return _table[i] + f * (_table[i + 1] - _table[i]);
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series.</summary>
    internal static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 500; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
