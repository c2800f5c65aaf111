namespace Concord.Features;

/// <summary>A statistic of a Ricker CWT of width <paramref name="Width"/>: dimension = mels (<see cref="WaveletLayout.PerMelBin"/>)
/// or frames (<see cref="WaveletLayout.PerFrame"/>).</summary>
public sealed record WaveletFeature(string Name, string Description, WaveletLayout Layout, int Width, WaveletStatistic Statistic)
    : FeatureDefinition(Name, Description, FeatureSource.MelDecibels)
{
    public override int Dimension(int mels, int frames) => Layout == WaveletLayout.PerMelBin ? mels : frames;
    public override string DimensionFormula => Layout == WaveletLayout.PerMelBin ? "mels" : "frames";
}
