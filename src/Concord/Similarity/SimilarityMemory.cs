namespace Concord.Similarity;

/// <summary>
/// The working set of comparing a held n × p_x representation with n × p_y ones (<see cref="SimilarityAnalysis.Compute(Representation, Representation, SimilarityOptions, IProgress{string})"/>
/// on in-memory representations): both as float64, their centred copies, the cross products (at most
/// <see cref="SimilarityOptions.MaxCrossProductBytes"/>: XᵀY in strips, ‖XᵀX‖ in strips, or the two n × n Gram matrices
/// when <see cref="LinearCka.ChooseForm"/> picks that form), the moment-based null's matrices (in the form it picks,
/// within the same budget), and for R²_LR, CCA and SVCCA — computed only when both sides have fewer than n − 1
/// columns — the QR and SVD factors of both sides. An upper bound.
/// </summary>
public static class SimilarityMemory
{
    /// <summary>The estimate for one pair; <paramref name="heldColumns"/> counts representations the caller keeps loaded
    /// besides the pair (e.g. a trained twin), in columns.</summary>
    public static MemoryEstimate Estimate(long rows, long leftColumns, long rightColumns, SimilarityOptions options, long heldColumns = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        long n = rows, columns = leftColumns + rightColumns + heldColumns, budget = options.MaxCrossProductBytes;
        bool gram = LinearCka.ChooseForm(options.CkaForm, n, leftColumns, rightColumns, budget) == LinearCkaForm.Gram;
        long cross = gram ? 2 * n * n * 8   // K and L
            : Math.Min(budget, 8 * (leftColumns * rightColumns + leftColumns * leftColumns + rightColumns * rightColumns));
        var parts = new List<MemoryEstimate.Part>
        {
            new("representations, float64", n * columns * 8),
            new("centred copies, float64", n * (leftColumns + rightColumns) * 8),
            new(gram ? "Gram matrices, float64" : "cross products", cross),
        };
        if (options.Null == CkaNull.Moments)
            parts.Add(new("moment-based null", Math.Max(MomentNull(n, leftColumns, options), MomentNull(n, rightColumns, options))));
        bool factored = options.Measures.Any(m => m != SimilarityMeasure.LinearCka && m != SimilarityMeasure.RbfCka);
        if (factored && Math.Max(leftColumns, rightColumns) < n - 1)
            parts.Add(new("QR and SVD factors, float64", 3 * n * (leftColumns + rightColumns) * 8));
        return new MemoryEstimate(parts);
    }

    /// <summary>One side's moment-null arrays, as <see cref="CkaMomentNull"/> picks its form: A and A² (n × n) when they
    /// fit and n ≤ p or the p × p form does not, else p × p matrices (two above <see cref="SimilarityOptions.MomentSampleRows"/>
    /// rows, three at or below) plus what the sums over pairs of rows need: the sampled rows (above that many rows), the
    /// third-moment tensor and a block of products (p² &lt; n), or a band of X Xᵀ (<see cref="CkaMomentNull.BandRows"/>);
    /// each at most the budget.</summary>
    private static long MomentNull(long n, long p, SimilarityOptions options)
    {
        long budget = options.MaxCrossProductBytes, gram = 2 * n * n * 8, feature = 3 * p * p * 8;
        if (gram <= budget && (n <= p || feature > budget)) return gram;
        long pairs = p * (p + 1) / 2;
        // Above the sample size: the sampled rows and a band of their Gram matrix for Σ(x_i·x_j)³, then the
        // drawn rows and G times them for Σ d_i (A²)_ii.
        long cubes = n > options.MomentSampleRows ? 3 * p * options.MomentSampleRows * 8 + CkaMomentNull.CubeProductBytes(options.MomentSampleRows, budget)
            : p * p < n && pairs * p * 8 <= budget ? (pairs * p + 256 * pairs) * 8
            : CkaMomentNull.CubeProductBytes(n, budget);
        if (n > options.MomentSampleRows) feature = 2 * p * p * 8;
        return Math.Min(budget, feature) + cubes;
    }
}
