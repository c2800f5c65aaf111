using System.Text.Json;
using Concord.Datasets;

using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>The <c>dataset</c> section: what data, which subset, how it is split, and which tasks are decoded.</summary>
public sealed record DatasetSection
{
    /// <summary>NSynth subsets: <c>acoustic</c> (the paper's) and <c>all</c>.</summary>
    public static IReadOnlyList<string> NSynthSubsets { get; } = ["acoustic", "all"];

    /// <summary>Reader kind.</summary>
    public DatasetSource Kind { get; init; } = DatasetSource.Synth;
    /// <summary>Dataset folder or file (relative paths resolve against the config file's folder); null for <see cref="DatasetSource.Synth"/>.</summary>
    public string? Path { get; init; }
    /// <summary>NSynth only: <c>acoustic</c> (the paper's subset, the default) or <c>all</c>.</summary>
    public string? Subset { get; init; }
    /// <summary>Use at most this many examples (null = all). The synth dataset generates this many.</summary>
    public int? Limit { get; init; }
    /// <summary>Split kind.</summary>
    public ConfigSplitKind Split { get; init; } = ConfigSplitKind.Random;
    /// <summary>Split seed.</summary>
    public int SplitSeed { get; init; } = 17;
    /// <summary>Test fraction (the study: 0.3).</summary>
    public double TestFraction { get; init; } = 0.3;
    /// <summary>The main task (networks are trained on it), e.g. "instrument_family".</summary>
    public string MainTask { get; init; } = "instrument_family";
    /// <summary>Arrays only: the labels CSV (an <c>id</c> column and one column per label, one row per input, in order).</summary>
    public string? Labels { get; init; }
    /// <summary>Arrays only: the column holding a group id per example (for group-disjoint splits), or null.</summary>
    public string? GroupColumn { get; init; }
    /// <summary>Arrays only: columns read as real-valued regression targets.</summary>
    public IReadOnlyList<string> RegressionColumns { get; init; } = [];
    /// <summary>Arrays only: whether the inputs are mel power (else dB or another unit used as it is).</summary>
    public bool Power { get; init; }
    /// <summary>Related tasks decoded from the same features (and, for the robustness matrix, trained on).</summary>
    public IReadOnlyList<string> RelatedTasks { get; init; } = [];
    /// <summary>Classification tasks derived from a label column (recordings and clips only), e.g. orchestra → continent.</summary>
    public IReadOnlyList<DerivedTask> DerivedTasks { get; init; } = [];

    /// <summary>The kind as spelled in the config (camelCase).</summary>
    public string KindName() => JsonNamingPolicy.CamelCase.ConvertName(Kind.ToString());

    /// <summary>
    /// Every problem that can be seen without touching the file system, with its key path. Synthetic and NSynth data have
    /// a fixed task list (<see cref="NSynthDataset.TargetTasks"/>), so their task names are checked here; a CSV dataset's
    /// tasks are its columns, checked by <see cref="Running.RunPreflight"/>.
    /// </summary>
    public IEnumerable<string> Validate()
    {
        if (Kind != DatasetSource.Synth && string.IsNullOrWhiteSpace(Path)) yield return $"dataset.path: required for kind '{KindName()}'";
        if (Kind == DatasetSource.Synth && Path is not null) yield return "dataset.path: not used for kind 'synth' (its notes are generated); remove it or set dataset.kind";
        if (Subset is not null && Kind != DatasetSource.NSynth) yield return $"dataset.subset: only used for kind 'nSynth', not '{KindName()}'";
        else if (Subset is not null && !NSynthSubsets.Contains(Subset)) yield return $"dataset.subset: unknown subset '{Subset}'; valid: {string.Join(", ", NSynthSubsets)}";
        if (Limit is <= 0) yield return "dataset.limit: must be > 0";
        if (Kind == DatasetSource.Arrays)
        {
            if (string.IsNullOrWhiteSpace(Labels)) yield return "dataset.labels: required for kind 'arrays' (a CSV with an id column and the label columns)";
            if (Limit is not null) yield return "dataset.limit: not supported for kind 'arrays' (cut inputs.npy and the labels instead)";
        }
        else
        {
            if (Labels is not null) yield return $"dataset.labels: only used for kind 'arrays', not '{KindName()}'";
            if (GroupColumn is not null) yield return $"dataset.groupColumn: only used for kind 'arrays', not '{KindName()}'";
            if (RegressionColumns.Count > 0) yield return $"dataset.regressionColumns: only used for kind 'arrays', not '{KindName()}'";
            if (Power) yield return $"dataset.power: only used for kind 'arrays', not '{KindName()}'";
        }
        if (!(TestFraction is > 0 and < 1)) yield return "dataset.testFraction: must be in (0, 1)";
        if (string.IsNullOrWhiteSpace(MainTask)) yield return "dataset.mainTask: required";
        if (RelatedTasks.Contains(MainTask)) yield return "dataset.relatedTasks: must not repeat the main task";
        if (RelatedTasks.Distinct().Count() != RelatedTasks.Count) yield return "dataset.relatedTasks: duplicate task";
        foreach (string e in DerivedTask.Validate(DerivedTasks, Kind, KindName())) yield return e;
        if (Kind is DatasetSource.Synth or DatasetSource.NSynth)
        {
            var known = NSynthDataset.TargetTasks;
            if (!string.IsNullOrWhiteSpace(MainTask) && !known.Contains(MainTask))
                yield return $"dataset.mainTask: unknown task '{MainTask}' for kind '{KindName()}'; valid: {string.Join(", ", known)}";
            for (int i = 0; i < RelatedTasks.Count; i++)
                if (!known.Contains(RelatedTasks[i]))
                    yield return $"dataset.relatedTasks[{i}]: unknown task '{RelatedTasks[i]}' for kind '{KindName()}'; valid: {string.Join(", ", known)}";
        }
    }
}
