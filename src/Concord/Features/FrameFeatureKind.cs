namespace Concord.Features;

/// <summary>The features that give one value per STFT frame.</summary>
public enum FrameFeatureKind
{
    /// <summary>Root mean square of each raw-audio frame (librosa <c>feature.rms</c>).</summary>
    Rms,
    /// <summary>librosa <c>feature.spectral_centroid</c>.</summary>
    SpectralCentroid,
    /// <summary>librosa <c>feature.spectral_bandwidth</c> (p = 2, normalised).</summary>
    SpectralBandwidth,
    /// <summary>librosa <c>feature.spectral_flatness</c>.</summary>
    SpectralFlatness,
    /// <summary>librosa <c>feature.spectral_rolloff</c>.</summary>
    SpectralRolloff,
    /// <summary>Median over mel bins of the dB spectrogram.</summary>
    MedianPower,
    /// <summary>Mean over mel bins of the dB spectrogram.</summary>
    MeanPower,
}
