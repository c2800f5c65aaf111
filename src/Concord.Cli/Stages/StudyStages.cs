using Concord.Experiments;
using Concord.Experiments.Running;
using Concord.Experiments.Stages;
using Concord.Reporting;

namespace Concord.Cli.Stages;

/// <summary>The study's stages in order, as <c>concord run</c> and <c>concord demo</c> compose them.</summary>
internal static class StudyStages
{
    public static IReadOnlyList<IRunStage> All() =>
    [
        new PrepareStage(),
        new FeaturesStage(),
        new TrainStage(),
        new ExtractStage(),
        new UnavailableStage("probes", ["features", "extract"],
            "the probes component (Concord.Probes: logistic/linear probes) is not merged into this build yet",
            [ExperimentIds.Decoding, ExperimentIds.Robustness, ExperimentIds.Channels, ExperimentIds.Concatenation]),
        new SimilarityStage(),
        new DeepVsDeepStage(),
        new UnavailableStage("exploration", ["extract"],
            "confusion matrices need per-example predictions and PCA needs a PCA component, neither of which is in this build yet",
            [ExperimentIds.Exploration]),
    ];

    /// <summary>The runner with the report writer attached.</summary>
    public static ExperimentRunner Runner() => new(All(), ReportWriter.WriteFromStore);
}
