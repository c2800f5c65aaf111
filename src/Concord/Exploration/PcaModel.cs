namespace Concord.Exploration;

/// <summary>
/// A fitted principal-component projection: z = (x − Means) / Scales, score_c = Σ_j z_j · Components[c, j].
/// Each component is a unit vector whose largest-magnitude loading is positive (a fixed sign; scikit-learn fixes the
/// sign on the scores instead, so a component may come out negated relative to it).
/// </summary>
/// <param name="Means">Column means of the fitted rows, length p.</param>
/// <param name="Scales">Column standard deviations (1 when not standardised or constant), length p.</param>
/// <param name="Components">Unit loading vectors, row-major [components, p].</param>
/// <param name="ExplainedVariance">Variance of each component's scores on the fitted rows (eigenvalue / (n − 1), as scikit-learn).</param>
/// <param name="ExplainedVarianceRatio">Each component's share of the total variance of z.</param>
/// <param name="Iterations">Subspace-iteration steps used.</param>
public sealed record PcaModel(
    IReadOnlyList<double> Means,
    IReadOnlyList<double> Scales,
    IReadOnlyList<double> Components,
    IReadOnlyList<double> ExplainedVariance,
    IReadOnlyList<double> ExplainedVarianceRatio,
    int Iterations)
{
    /// <summary>Number of components.</summary>
    public int Count => ExplainedVariance.Count;

    /// <summary>Number of input columns.</summary>
    public int Columns => Means.Count;

    /// <summary>The component scores of one row (length <see cref="Columns"/>), widened to double.</summary>
    public double[] Project(ReadOnlySpan<float> row)
    {
        var d = new double[row.Length];
        for (int j = 0; j < d.Length; j++) d[j] = row[j];
        return Project(d);
    }

    /// <summary>The component scores of one row (length <see cref="Columns"/>).</summary>
    public double[] Project(ReadOnlySpan<double> row)
    {
        if (row.Length != Columns) throw new ConcordException($"PCA: a row of {row.Length} values, the model was fitted on {Columns} columns");
        var s = new double[Count];
        for (int j = 0; j < row.Length; j++)
        {
            double z = (row[j] - Means[j]) / Scales[j];
            for (int c = 0; c < s.Length; c++) s[c] += z * Components[c * Columns + j];
        }
        return s;
    }
}
