namespace Concord.Features;

/// <summary>Which axis a Ricker CWT runs along, and so what one feature value describes.</summary>
public enum WaveletLayout
{
    /// <summary>For each mel bin, the CWT of that bin's dB row along time, summarised over time: one value per mel bin
    /// (the paper's wavelet features, METHOD.md §4.3).</summary>
    PerMelBin,

    /// <summary>For each frame, the CWT of that frame's dB column along the mel axis, summarised over frequency: one value
    /// per frame (the time-axis variant, METHOD.md §4.5, DERIVED).</summary>
    PerFrame,
}
