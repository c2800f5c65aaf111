using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>
/// The <c>exploration</c> section: options of the exploration figures (Figs. 8–14) and of the per-channel CKA
/// (Figs. 46–47). Which of them run is set by <c>experiments.pca</c>, <c>examples</c>, <c>mutualInformation</c> and
/// <c>channelSimilarity</c>.
/// </summary>
public sealed record ExplorationSection
{
    /// <summary>Example spectrograms shown per class (Fig. 8), the first ones of the test split.</summary>
    public int ExamplesPerClass { get; init; } = 1;
    /// <summary>
    /// At most this many examples, evenly spread over a split, for the PCA fit (training split) and its scatter (test
    /// split), and for the per-channel CKA (training split; it holds channels × n² doubles and the extraction writes
    /// n rows of un-averaged conv1, 10·124·124 floats each on NSynth).
    /// </summary>
    public int MaxExamples { get; init; } = 2000;
    /// <summary>k of the mutual-information estimator (scikit-learn's <c>n_neighbors</c>).</summary>
    public int Neighbors { get; init; } = 3;
    /// <summary>Seed of the mutual-information jitter (scikit-learn's <c>random_state</c>).</summary>
    public int Seed { get; init; }

    /// <summary>Every problem, with its key path.</summary>
    public IEnumerable<string> Validate()
    {
        if (ExamplesPerClass < 1) yield return "exploration.examplesPerClass: must be ≥ 1";
        if (MaxExamples < 4) yield return "exploration.maxExamples: must be ≥ 4";
        if (Neighbors < 1) yield return "exploration.neighbors: must be ≥ 1";
        if (Seed < 0) yield return "exploration.seed: must be ≥ 0";
    }
}
