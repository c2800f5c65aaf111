using Concord.Networks;
namespace Concord.Experiments;

/// <summary>Facts about one run that the report states: what was run, with which setup, and how long each stage took.</summary>
public sealed record RunSummary
{
    /// <summary>Run id (the config's content hash prefix).</summary>
    public required string RunId { get; init; }
    /// <summary>The config's name.</summary>
    public required string ConfigName { get; init; }
    /// <summary>Dataset name.</summary>
    public required string Dataset { get; init; }
    /// <summary>Profile (paper | corrected).</summary>
    public required string Profile { get; init; }
    /// <summary>Main task (the one the networks are trained on).</summary>
    public required string MainTask { get; init; }
    /// <summary>Related tasks.</summary>
    public IReadOnlyList<string> RelatedTasks { get; init; } = [];
    /// <summary>Architectures trained.</summary>
    public IReadOnlyList<Architecture> Architectures { get; init; } = [];
    /// <summary>Seeds (initialisations).</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [];
    /// <summary>Concord version.</summary>
    public string Version { get; init; } = BuildInfo.Version;
    /// <summary>Concord commit.</summary>
    public string Commit { get; init; } = BuildInfo.Commit;
    /// <summary>UTC start time, ISO 8601.</summary>
    public string StartedUtc { get; init; } = "";
    /// <summary>Options that differ from the paper's setup.</summary>
    public IReadOnlyList<OptionDifference> DifferencesFromPaper { get; init; } = [];
    /// <summary>Per-stage timings of the run that produced the results.</summary>
    public IReadOnlyList<StageTiming> Stages { get; init; } = [];
    /// <summary>Similarity measures the config asked for (the report says which of them no pair could measure).</summary>
    public IReadOnlyList<SimilarityMeasure> SimilarityMeasures { get; init; } = [];
    /// <summary>Recordings, clips or examples of the input that did not become examples, with the reason (Setup section).</summary>
    /// <remarks>Null when unknown (a cache prepared before Concord recorded it).</remarks>
    public IReadOnlyList<Concord.Datasets.DroppedItem>? Dropped { get; init; } = [];
    /// <summary>Networks whose training diverged in this run (the training section lists them; nothing that reads them was measured).</summary>
    public IReadOnlyList<DivergedNetwork> Diverged { get; init; } = [];
    /// <summary>Per-experiment state (done / off / not measured with the reason).</summary>
    public IReadOnlyList<ExperimentState> Experiments { get; init; } = [];
    /// <summary>What each finished task cost when it was computed (from <c>RUN/costs/</c>); excluded from the content
    /// fingerprint, like every timing.</summary>
    public IReadOnlyList<TaskCostRecord> Costs { get; init; } = [];
    /// <summary>What the run kept of its activation artefacts (<c>activations.keep</c>); null for a run recorded before
    /// Concord stated it.</summary>
    public ActivationRetention? Activations { get; init; }
}
