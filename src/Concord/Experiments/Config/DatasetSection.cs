namespace Concord.Experiments.Config;

/// <summary>The <c>dataset</c> section: what data, which subset, how it is split, and which tasks are decoded.</summary>
public sealed record DatasetSection
{
    /// <summary>Reader kind.</summary>
    public DatasetSource Kind { get; init; } = DatasetSource.Synth;
    /// <summary>Dataset folder or file (relative paths resolve against the config file's folder); null for <see cref="DatasetSource.Synth"/>.</summary>
    public string? Path { get; init; }
    /// <summary>Optional subset name understood by the reader (e.g. NSynth "acoustic").</summary>
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
    /// <summary>Related tasks decoded from the same features (and, for the robustness matrix, trained on).</summary>
    public IReadOnlyList<string> RelatedTasks { get; init; } = [];

    /// <summary>Every problem, with its key path.</summary>
    public IEnumerable<string> Validate()
    {
        if (Kind != DatasetSource.Synth && string.IsNullOrWhiteSpace(Path)) yield return $"dataset.path: required for kind '{Kind}'";
        if (Limit is <= 0) yield return "dataset.limit: must be > 0";
        if (!(TestFraction is > 0 and < 1)) yield return "dataset.testFraction: must be in (0, 1)";
        if (string.IsNullOrWhiteSpace(MainTask)) yield return "dataset.mainTask: required";
        if (RelatedTasks.Contains(MainTask)) yield return "dataset.relatedTasks: must not repeat the main task";
        if (RelatedTasks.Distinct().Count() != RelatedTasks.Count) yield return "dataset.relatedTasks: duplicate task";
    }
}
