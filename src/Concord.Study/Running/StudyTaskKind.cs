namespace Concord.Study.Running;

/// <summary>The kinds of task a study plan is made of, in the order their first tasks can start.</summary>
public enum StudyTaskKind
{
    /// <summary>The prepared dataset cache (for the synthetic dataset, the notes too).</summary>
    Prepare,
    /// <summary>Every hand-crafted feature of every example.</summary>
    Features,
    /// <summary>One network trained (architecture, seed, task, channel variant).</summary>
    Train,
    /// <summary>One network's taps recorded on both splits (trained, untrained, or un-averaged for the per-channel CKA).</summary>
    Extract,
    /// <summary>Every probe that reads one representation.</summary>
    Probes,
    /// <summary>One deep representation against every hand-crafted feature.</summary>
    Similarity,
    /// <summary>One block of deep-vs-deep pairs, or one network's channel × channel grids.</summary>
    DeepVsDeep,
    /// <summary>The exploratory figures (example spectrograms, class traces, PCA, mutual information).</summary>
    Exploration,
    /// <summary>Gathers every task's result rows into <c>results.db</c> (its only writer) and writes the report.</summary>
    Collect,
}

/// <summary>The names of task kinds, as used in task ids, artefact folders and <c>--force</c>.</summary>
public static class StudyTaskKindNames
{
    private static readonly (StudyTaskKind Kind, string Name)[] Names =
    [
        (StudyTaskKind.Prepare, "prepare"), (StudyTaskKind.Features, "features"), (StudyTaskKind.Train, "train"), (StudyTaskKind.Extract, "extract"),
        (StudyTaskKind.Probes, "probes"), (StudyTaskKind.Similarity, "similarity"), (StudyTaskKind.DeepVsDeep, "deep-vs-deep"),
        (StudyTaskKind.Exploration, "exploration"), (StudyTaskKind.Collect, "collect"),
    ];

    /// <summary>Every kind in order.</summary>
    public static IReadOnlyList<StudyTaskKind> All { get; } = Names.Select(n => n.Kind).ToList();

    /// <summary>The kind's name: <c>prepare</c>, ..., <c>deep-vs-deep</c>, <c>collect</c>.</summary>
    public static string ToName(this StudyTaskKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>Parses a kind name (also <c>report</c>, the old name of the collect step).</summary>
    public static bool TryParse(string name, out StudyTaskKind kind)
    {
        foreach (var (k, n) in Names)
            if (n == name || (k == StudyTaskKind.Collect && name == "report")) { kind = k; return true; }
        kind = default;
        return false;
    }
}
