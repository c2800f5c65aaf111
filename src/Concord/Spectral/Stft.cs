using System.Runtime.CompilerServices;

namespace Concord.Spectral;

/// <summary>
/// Centred short-time Fourier power spectrum with librosa/torch semantics:
/// the signal is padded by ⌊N/2⌋ samples on each side (<see cref="PadMode"/>), frame t covers padded samples
/// [t·hop, t·hop + N), is multiplied by the periodic Hann window w[n] = 0.5 − 0.5·cos(2πn/N), and
/// P[k,t] = |Σ_n w[n]·x[t·hop + n]·e^{−2πikn/N}|² (power 2, no 1/N scaling), computed in float64.
/// Output is <c>[1 + N/2, 1 + ⌊(len + 2⌊N/2⌋ − N)/hop⌋]</c>, i.e. 1 + ⌊len/hop⌋ frames for even N.
/// Matches <c>np.abs(librosa.stft(y, n_fft=N, hop_length=hop, center=True, pad_mode=...))**2</c> and
/// <c>torch.stft(..., window=hann_window(N), center=True, onesided=True)</c> squared.
/// The FFT plan is built once here and shared; instances are immutable and thread-safe.
/// </summary>
public sealed class Stft
{
    private readonly FftPlan _plan;
    private readonly double[] _window;

    public int FftSize { get; }
    public int HopLength { get; }
    public PadMode PadMode { get; }

    /// <summary>Number of frequency bins, 1 + N/2.</summary>
    public int Bins => FftSize / 2 + 1;

    public Stft(int fftSize, int hopLength, PadMode padMode = PadMode.Constant)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fftSize, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopLength);
        if (!Enum.IsDefined(padMode)) throw new ArgumentOutOfRangeException(nameof(padMode));
        FftSize = fftSize; HopLength = hopLength; PadMode = padMode;
        _plan = new FftPlan(fftSize);
        _window = new double[fftSize];
        for (int n = 0; n < fftSize; n++) _window[n] = 0.5 - 0.5 * Math.Cos(2.0 * Math.PI * n / fftSize);
    }

    /// <summary>The periodic Hann window (length N).</summary>
    public ReadOnlySpan<double> Window => _window;

    /// <summary>Frames produced for a signal of <paramref name="sampleCount"/> samples.</summary>
    public int FrameCount(int sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleCount);
        long padded = sampleCount + 2L * (FftSize / 2);
        return padded < FftSize ? 0 : (int)(1 + (padded - FftSize) / HopLength);
    }

    /// <summary>The power spectrogram <c>[1 + N/2, frames]</c> (float32 storage of float64 values).</summary>
    public Spectrogram ComputePower(ReadOnlySpan<float> samples)
    {
        var ws = new StftWorkspace(this);
        ws.Load(samples);
        int frames = ws.Frames;
        var spec = new Spectrogram(Bins, frames);
        for (int t0 = 0; t0 < frames; t0 += FftPlan.Lanes)
            StorePowers(ws.FramePowers(t0), spec, t0);
        return spec;
    }

    internal FftPlan Plan => _plan;

    /// <summary>Writes the lanes of a <see cref="StftWorkspace.FramePowers"/> block into frames t0… of <paramref name="spec"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void StorePowers(ReadOnlySpan<System.Numerics.Vector<double>> powers, Spectrogram spec, int t0)
    {
        int frames = spec.Frames, lanes = Math.Min(FftPlan.Lanes, frames - t0);
        var values = spec.Values;
        for (int k = 0; k < spec.Bins; k++)
        {
            var v = powers[k];
            for (int l = 0; l < lanes; l++) values[k * frames + t0 + l] = (float)v[l];
        }
    }

    /// <summary>Fills <paramref name="padded"/> (length len + 2⌊N/2⌋) with the centred, padded signal in float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Pad(ReadOnlySpan<float> samples, Span<double> padded)
    {
        int n = samples.Length, pad = FftSize / 2;
        if (n == 0) throw new ArgumentException("the signal is empty", nameof(samples));
        for (int i = 0; i < n; i++) padded[pad + i] = samples[i];
        if (PadMode == PadMode.Constant)
        {
            padded[..pad].Clear();
            padded[(pad + n)..].Clear();
            return;
        }
        for (int i = 0; i < pad; i++)
        {
            padded[pad - 1 - i] = samples[ReflectIndex(-1 - i, n)];
            padded[pad + n + i] = samples[ReflectIndex(n + i, n)];
        }
    }

    /// <summary>numpy 'reflect' indexing: mirror about the end samples without repeating them, periodically for long pads.</summary>
    internal static int ReflectIndex(int i, int n)
    {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int r = i % period;
        if (r < 0) r += period;
        return r < n ? r : period - r;
    }
}
