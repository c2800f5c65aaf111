namespace Concord.Features;

/// <summary>Per mel bin, the first frame index at which the dB value is ≤ <paramref name="ThresholdDb"/>: dimension = mels.</summary>
public sealed record TimeToDecibelsFeature(string Name, string Description, double ThresholdDb)
    : FeatureDefinition(Name, Description, FeatureSource.MelDecibels)
{
    public override int Dimension(int mels, int frames) => mels;
    public override string DimensionFormula => "mels";
}
