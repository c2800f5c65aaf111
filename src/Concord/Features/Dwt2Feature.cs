namespace Concord.Features;

/// <summary>Detail coefficients of a single-level 2-D DWT of the dB spectrogram, flattened in C order:
/// dimension = ⌊(mels + L − 1)/2⌋ · ⌊(frames + L − 1)/2⌋ for a filter of L taps.</summary>
public sealed record Dwt2Feature(string Name, string Description, DwtWavelet Wavelet, DwtDetail Detail)
    : FeatureDefinition(Name, Description, FeatureSource.MelDecibels)
{
    public override int Dimension(int mels, int frames) => Dwt2.OutputLength(mels, Wavelet) * Dwt2.OutputLength(frames, Wavelet);
    public override string DimensionFormula
    {
        get { int l = Dwt2.FilterLength(Wavelet); return $"⌊(mels+{l - 1})/2⌋·⌊(frames+{l - 1})/2⌋"; }
    }
}
