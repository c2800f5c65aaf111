using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>The <c>similarity</c> section (METHOD.md §8).</summary>
public sealed record SimilaritySection
{
    /// <summary>Measures to compute.</summary>
    public IReadOnlyList<SimilarityMeasure> Measures { get; init; } = [SimilarityMeasure.LinearCka, SimilarityMeasure.R2Lr, SimilarityMeasure.R2Cca];
    /// <summary>Permutations for the p-value (0 = none).</summary>
    public int Permutations { get; init; }
    /// <summary>Bootstrap resamples for the confidence interval (0 = none).</summary>
    public int Bootstrap { get; init; }
    /// <summary>Confidence level of the bootstrap interval.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Seed for permutations and resampling.</summary>
    public int Seed { get; init; }

    /// <summary>Every problem, with its key path.</summary>
    public IEnumerable<string> Validate()
    {
        if (Measures.Count == 0) yield return "similarity.measures: at least one measure";
        if (Permutations < 0) yield return "similarity.permutations: must be ≥ 0";
        if (Bootstrap < 0) yield return "similarity.bootstrap: must be ≥ 0";
        if (!(ConfidenceLevel is > 0 and < 1)) yield return "similarity.confidenceLevel: must be in (0, 1)";
    }
}
