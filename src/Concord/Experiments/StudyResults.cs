namespace Concord.Experiments;

/// <summary>
/// Everything a report is built from: the run's facts and every result record. The results store produces it
/// (<see cref="ResultsStore.LoadStudy"/>) and the report renders it; nothing else is needed.
/// </summary>
public sealed record StudyResults
{
    /// <summary>The run's facts.</summary>
    public required RunSummary Run { get; init; }
    /// <summary>Probe results (all experiments).</summary>
    public IReadOnlyList<ProbeRecord> Probes { get; init; } = [];
    /// <summary>Similarity results (all experiments).</summary>
    public IReadOnlyList<SimilarityRecord> Similarities { get; init; } = [];
    /// <summary>Per-epoch training metrics.</summary>
    public IReadOnlyList<TrainingEpochRecord> TrainingEpochs { get; init; } = [];
    /// <summary>Confusion matrices.</summary>
    public IReadOnlyList<ConfusionRecord> Confusions { get; init; } = [];
    /// <summary>PCA projections for the exploration section.</summary>
    public IReadOnlyList<PcaProjection> Projections { get; init; } = [];
    /// <summary>Example spectrograms per class.</summary>
    public IReadOnlyList<ExampleSpectrogram> Examples { get; init; } = [];
    /// <summary>Per-class feature traces.</summary>
    public IReadOnlyList<ClassTraceRecord> Traces { get; init; } = [];
    /// <summary>Mutual information per feature column.</summary>
    public IReadOnlyList<MutualInformationRecord> MutualInformation { get; init; } = [];
}
