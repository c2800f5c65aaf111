using Concord.Experiments;
using Concord.Study.Running;
using Concord.Study.Stages;
using Concord.Reporting;

namespace Concord.Study.Stages;

/// <summary>The study's stages in order, as <c>concord run</c> and <c>concord demo</c> compose them.</summary>
public static class StudyStages
{
    public static IReadOnlyList<IRunStage> All() =>
    [
        new PrepareStage(),
        new FeaturesStage(),
        new TrainStage(),
        new ExtractStage(),
        new ProbeStage(),
        new SimilarityStage(),
        new DeepVsDeepStage(),
        new ExplorationStage(),
    ];

    /// <summary>The runner with the report writer attached.</summary>
    public static ExperimentRunner Runner() => new(All(), ReportWriter.WriteFromStore);
}
