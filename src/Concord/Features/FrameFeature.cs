namespace Concord.Features;

/// <summary>A feature with one value per frame (RMS, the four librosa spectral features, median/mean power): dimension = frames.</summary>
public sealed record FrameFeature(string Name, string Description, FrameFeatureKind Kind)
    : FeatureDefinition(Name, Description, SourceOf(Kind))
{
    public override int Dimension(int mels, int frames) => frames;
    public override string DimensionFormula => "frames";

    private static FeatureSource SourceOf(FrameFeatureKind kind) => kind switch
    {
        FrameFeatureKind.Rms => FeatureSource.RawAudio,
        FrameFeatureKind.MedianPower or FrameFeatureKind.MeanPower => FeatureSource.MelDecibels,
        _ => FeatureSource.StftPower,
    };
}
