namespace Concord.Features;

/// <summary>What a hand-crafted feature is computed from.</summary>
public enum FeatureSource
{
    /// <summary>The raw samples (librosa <c>feature.rms(y=…)</c>).</summary>
    RawAudio,

    /// <summary>The linear STFT power spectrogram <c>[1 + n_fft/2, frames]</c> (librosa's spectral features).</summary>
    StftPower,

    /// <summary>The dB mel spectrogram <c>[mels, frames]</c> (power, time-to-dB, wavelet and DWT features).</summary>
    MelDecibels,
}
