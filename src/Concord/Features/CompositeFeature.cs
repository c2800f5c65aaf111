namespace Concord.Features;

/// <summary>Several features concatenated in order (the paper's <c>np.hstack</c> of blocks): dimension = sum of the parts.</summary>
public sealed record CompositeFeature(string Name, string Description, IReadOnlyList<FeatureDefinition> Parts)
    : FeatureDefinition(Name, Description, Parts.All(p => p.Source == FeatureSource.MelDecibels) ? FeatureSource.MelDecibels
        : Parts.Any(p => p.Source == FeatureSource.RawAudio) ? FeatureSource.RawAudio : FeatureSource.StftPower)
{
    public override int Dimension(int mels, int frames) => Parts.Sum(p => p.Dimension(mels, frames));
    public override string DimensionFormula => string.Join(" + ", Parts.Select(p => p.DimensionFormula));
}
