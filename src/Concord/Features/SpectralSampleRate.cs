namespace Concord.Features;

/// <summary>Which sample rate the spectral features use for the frequency of FFT bin k, f_k = k·sr/n_fft.</summary>
public enum SpectralSampleRate
{
    /// <summary>The clip's real sample rate (corrected).</summary>
    Actual,

    /// <summary>librosa's default <c>sr = 22050</c>, whatever the real rate: the paper called the spectral features without
    /// <c>sr</c>, which rescales every frequency of 16 kHz NSynth audio by 22050/16000 (METHOD.md §4.1, §10 item 10).</summary>
    LibrosaDefault,
}
