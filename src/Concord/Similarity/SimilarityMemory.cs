namespace Concord.Similarity;

/// <summary>
/// The working set of comparing a held n × p_x representation with n × p_y ones (<see cref="SimilarityAnalysis.Compute"/>
/// on in-memory representations): both as float64, their centred copies, the cross products (at most
/// <see cref="SimilarityOptions.MaxCrossProductBytes"/>: XᵀY in strips, ‖XᵀX‖ in strips, or the n × n Gram matrices only
/// when they fit it), the moment-based null's matrices (the same budget), and for R²_LR, CCA and SVCCA — computed only
/// when both sides have fewer than n − 1 columns — the QR and SVD factors of both sides. An upper bound.
/// </summary>
public static class SimilarityMemory
{
    /// <summary>The estimate for one pair; <paramref name="heldColumns"/> counts representations the caller keeps loaded
    /// besides the pair (e.g. a trained twin), in columns.</summary>
    public static MemoryEstimate Estimate(long rows, long leftColumns, long rightColumns, SimilarityOptions options, long heldColumns = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        long n = rows, columns = leftColumns + rightColumns + heldColumns;
        long cross = Math.Min(options.MaxCrossProductBytes, 8 * (leftColumns * rightColumns + leftColumns * leftColumns + rightColumns * rightColumns));
        var parts = new List<MemoryEstimate.Part>
        {
            new("representations, float64", n * columns * 8),
            new("centred copies, float64", n * (leftColumns + rightColumns) * 8),
            new("cross products", cross),
        };
        if (options.Null == CkaNull.Moments)
            parts.Add(new("moment-based null", Math.Min(options.MaxCrossProductBytes, 3 * 8 * Math.Max(leftColumns, rightColumns) * Math.Max(leftColumns, rightColumns))));
        bool factored = options.Measures.Any(m => m != SimilarityMeasure.LinearCka && m != SimilarityMeasure.RbfCka);
        if (factored && Math.Max(leftColumns, rightColumns) < n - 1)
            parts.Add(new("QR and SVD factors, float64", 3 * n * (leftColumns + rightColumns) * 8));
        return new MemoryEstimate(parts);
    }
}
