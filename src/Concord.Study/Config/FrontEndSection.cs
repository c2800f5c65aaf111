using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>The <c>frontEnd</c> section: mel-spectrogram options (METHOD.md §3; defaults = the study's NSynth setup).</summary>
public sealed record FrontEndSection
{
    /// <summary>Audio sample rate in Hz.</summary>
    public int SampleRateHz { get; init; } = 16000;
    /// <summary>Clip length in seconds (NSynth notes: 4 s).</summary>
    public double ClipSeconds { get; init; } = 4.0;
    /// <summary>FFT size (librosa n_fft).</summary>
    public int FftSize { get; init; } = 2048;
    /// <summary>Hop length in samples (502 gives 128 frames for 4 s at 16 kHz).</summary>
    public int HopLength { get; init; } = 502;
    /// <summary>Mel bands.</summary>
    public int MelBands { get; init; } = 128;
    /// <summary>Upper mel frequency in Hz.</summary>
    public double FMaxHz { get; init; } = 8000;

    /// <summary>Every problem, with its key path.</summary>
    public IEnumerable<string> Validate()
    {
        if (SampleRateHz <= 0) yield return "frontEnd.sampleRateHz: must be > 0";
        if (!(ClipSeconds > 0)) yield return "frontEnd.clipSeconds: must be > 0";
        if (FftSize <= 0) yield return "frontEnd.fftSize: must be > 0";
        if (HopLength <= 0) yield return "frontEnd.hopLength: must be > 0";
        if (MelBands <= 0) yield return "frontEnd.melBands: must be > 0";
        if (!(FMaxHz > 0) || FMaxHz > SampleRateHz / 2.0) yield return "frontEnd.fMaxHz: must be in (0, sampleRateHz/2]";
    }
}
