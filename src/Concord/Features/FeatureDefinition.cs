namespace Concord.Features;

/// <summary>
/// One named hand-crafted feature: one vector per clip. Subtypes carry the typed parameters the extractor dispatches on;
/// the name is only a key for tools, configs and file names (<c>features/&lt;name&gt;.npy</c>).
/// </summary>
/// <param name="Name">Stable name, e.g. <c>wavelet_mean_w25</c>.</param>
/// <param name="Description">One line with the formula.</param>
/// <param name="Source">What it is computed from.</param>
public abstract record FeatureDefinition(string Name, string Description, FeatureSource Source)
{
    /// <summary>Length of the vector for a dB mel spectrogram of <paramref name="mels"/> × <paramref name="frames"/>
    /// (the STFT and RMS have the same number of frames).</summary>
    public abstract int Dimension(int mels, int frames);

    /// <summary>A human-readable formula of the dimension, e.g. <c>frames</c> or <c>mels</c>.</summary>
    public abstract string DimensionFormula { get; }
}
