namespace Concord.Similarity;

/// <summary>Options for <see cref="SimilarityAnalysis"/>, <see cref="LinearCka"/>, <see cref="Cca"/> and the calibration.</summary>
public sealed record SimilarityOptions
{
    /// <summary>Measures to compute. Linear CKA always reports the debiased value beside the biased one.</summary>
    public IReadOnlyList<SimilarityMeasure> Measures { get; init; } = [SimilarityMeasure.LinearCka];
    public LinearCkaForm CkaForm { get; init; } = LinearCkaForm.Auto;
    /// <summary>RBF bandwidth σ = threshold × √(median squared distance) (Kornblith's <c>gram_rbf(x, threshold)</c>).</summary>
    public double RbfThreshold { get; init; } = 0.5;
    /// <summary>CCA/SVCCA normaliser. <see cref="CcaNormalizer.FirstDimension"/> reproduces the study (paper profile).</summary>
    public CcaNormalizer CcaNormalizer { get; init; } = CcaNormalizer.MinDimension;
    /// <summary>
    /// Centre columns before CCA, SVCCA and regression (default). False reproduces Kornblith's demo <c>cca()</c>, which does
    /// not centre. CKA always centres.
    /// </summary>
    public bool CentreInputs { get; init; } = true;
    /// <summary>SVCCA keeps the fewest leading singular directions whose σ² sum to at least this fraction.</summary>
    public double SvccaVarianceKept { get; init; } = 0.99;
    /// <summary>Relative rank tolerance for the pivoted QR (null: max(n, p)·ε).</summary>
    public double? RankTolerance { get; init; }
    /// <summary>Compute CCA, SVCCA and regression even when a side has at least as many columns as rows (they are then trivially 1).</summary>
    public bool AllowDegenerate { get; init; }
    /// <summary>Moment-based p-value of linear CKA (<see cref="CkaNull.Moments"/>) or none; independent of <see cref="Permutations"/>.</summary>
    public CkaNull Null { get; init; } = CkaNull.None;
    /// <summary>Row permutations of Y for the Monte Carlo CKA p-value (0: none).</summary>
    public int Permutations { get; init; }
    /// <summary>Bootstrap resamples of the rows for the CKA percentile interval (0: none).</summary>
    public int Bootstrap { get; init; }
    public double ConfidenceLevel { get; init; } = 0.95;
    public int Seed { get; init; }
    /// <summary>Worker threads for the dense kernels.</summary>
    public int Threads { get; init; } = 2;
    /// <summary>Rows per block when streaming from files.</summary>
    public int BlockRows { get; init; } = 1024;
    /// <summary>
    /// Above this many rows the moment-based null (<see cref="CkaNull.Moments"/>) estimates its one sum without a p × p
    /// form, Σ_{i≠j} (x_i·x_j)³ (it enters only the third moment, i.e. the skewness), from this many rows drawn without
    /// replacement with <see cref="Seed"/>, as an unbiased U-statistic; every other sum, the mean and the variance stay
    /// exact. At or below it the sum is exact. Default 4,096.
    /// </summary>
    public int MomentSampleRows { get; init; } = 4096;
    /// <summary>Largest cross-product buffer held at once; ‖XᵀX‖_F is computed in column strips that fit it.</summary>
    public long MaxCrossProductBytes { get; init; } = 1L << 30;

    /// <summary>The study's settings (METHOD.md §8.2): CCA divided by the deep dimension.</summary>
    public static SimilarityOptions Paper { get; } = new() { CcaNormalizer = CcaNormalizer.FirstDimension };

    public IEnumerable<string> Validate()
    {
        if (Measures.Count == 0) yield return "Measures: at least one measure is required";
        if (!(RbfThreshold > 0) || double.IsInfinity(RbfThreshold)) yield return $"RbfThreshold: must be positive, got {RbfThreshold}";
        if (!(SvccaVarianceKept > 0 && SvccaVarianceKept <= 1)) yield return $"SvccaVarianceKept: must be in (0, 1], got {SvccaVarianceKept}";
        if (RankTolerance is { } t && !(t >= 0 && t < 1)) yield return $"RankTolerance: must be in [0, 1), got {t}";
        if (Permutations < 0) yield return $"Permutations: must be ≥ 0, got {Permutations}";
        if (Bootstrap < 0) yield return $"Bootstrap: must be ≥ 0, got {Bootstrap}";
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) yield return $"ConfidenceLevel: must be in (0, 1), got {ConfidenceLevel}";
        if (Threads < 1) yield return $"Threads: must be ≥ 1, got {Threads}";
        if (MomentSampleRows < 6) yield return $"MomentSampleRows: must be ≥ 6, got {MomentSampleRows}";
        if (BlockRows < 4) yield return $"BlockRows: must be ≥ 4, got {BlockRows}";
        if (MaxCrossProductBytes < 1 << 20) yield return $"MaxCrossProductBytes: must be ≥ 1 MiB, got {MaxCrossProductBytes}";
    }

    internal void ThrowIfInvalid()
    {
        var errors = Validate().ToList();
        if (errors.Count > 0) throw new ConcordException("similarity options: " + string.Join("; ", errors));
    }
}
