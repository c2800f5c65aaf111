using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>The <c>similarity</c> section (METHOD.md §8).</summary>
public sealed record SimilaritySection
{
    /// <summary>Measures to compute.</summary>
    public IReadOnlyList<SimilarityMeasure> Measures { get; init; } = [SimilarityMeasure.LinearCka, SimilarityMeasure.R2Lr, SimilarityMeasure.R2Cca];
    /// <summary>
    /// The null behind the linear-CKA p-value: <see cref="SimilarityNull.Moments"/> (default: exact permutation moments and a Pearson
    /// type III tail, about the cost of one CKA) or <see cref="SimilarityNull.Permutations"/> (the Monte Carlo test, <see cref="Permutations"/> shuffles).
    /// </summary>
    public SimilarityNull Null { get; init; } = SimilarityNull.Moments;
    /// <summary>Permutations for the Monte Carlo p-value (0 = none); only with <c>null: permutations</c>.</summary>
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
        if (Null == SimilarityNull.Moments && Permutations > 0)
            yield return "similarity.permutations: only used with similarity.null: \"permutations\" (the default null, \"moments\", needs no shuffles)";
        if (Bootstrap < 0) yield return "similarity.bootstrap: must be ≥ 0";
        if (!(ConfidenceLevel is > 0 and < 1)) yield return "similarity.confidenceLevel: must be in (0, 1)";
    }
}

/// <summary>The <c>similarity.null</c> values.</summary>
public enum SimilarityNull
{
    /// <summary>Exact permutation moments of the RV coefficient and a Pearson type III p-value.</summary>
    Moments,
    /// <summary>Monte Carlo shuffles (<c>similarity.permutations</c>).</summary>
    Permutations,
}
