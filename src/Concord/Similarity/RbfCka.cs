using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// CKA with Gaussian kernels (Kornblith et al. 2019, <c>gram_rbf</c>): <c>K_ij = exp(−d²_ij / (2 t² m))</c>, where d²_ij
/// is the squared Euclidean distance between examples i and j, m the median of all n² squared distances (diagonal
/// zeros included, as in the reference) and t the threshold. Both n × n Gram matrices are held in memory.
/// </summary>
public static class RbfCka
{
    /// <summary>RBF CKA (biased and debiased) with bandwidth threshold <see cref="SimilarityOptions.RbfThreshold"/>.</summary>
    /// <exception cref="ConcordException">Bad input (see <see cref="LinearCka"/>), or n × n matrices beyond the byte budget.</exception>
    public static CkaResult Compute(Representation x, Representation y, SimilarityOptions? options = null)
    {
        options ??= new SimilarityOptions();
        options.ThrowIfInvalid();
        return Compute(CentredMatrix.Create(x, threads: options.Threads), CentredMatrix.Create(y, threads: options.Threads), options);
    }

    internal static CkaResult Compute(CentredMatrix cx, CentredMatrix cy, SimilarityOptions options)
    {
        LinearCka.Require(cx, cy);
        long n = cx.Rows;
        if (2.0 * n * n * 8 > Math.Max(options.MaxCrossProductBytes, 1L << 31))
            throw new ConcordException($"{cx.Name}: RBF CKA needs two {n} × {n} matrices ({2.0 * n * n * 8 / 1e9:F1} GB); subsample the examples");
        var k = Gram(cx, options); var l = Gram(cy, options);
        var terms = GramCka.Terms(k, l, cx.Rows, linear: false);
        return new CkaResult(terms.Biased, terms.Debiased, LinearCkaForm.Gram, $"rbf(threshold={options.RbfThreshold})",
            LinearCka.Dimensions(cx, cy, null));
    }

    private static double[] Gram(CentredMatrix m, SimilarityOptions options)
    {
        int n = m.Rows;
        var g = LinearCka.LinearGram(m, options.Threads);   // distances are unchanged by centring
        var sq = new double[n];
        for (int i = 0; i < n; i++) sq[i] = g[(long)i * n + i];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) { long o = (long)i * n + j; g[o] = Math.Max(0, sq[i] + sq[j] - 2 * g[o]); if (i == j) g[o] = 0; }
        double median = Median(g);
        if (!(median > 0)) throw new ConcordException($"{m.Name}: the median pairwise distance is 0, so the RBF bandwidth is undefined");
        double scale = -1 / (2 * options.RbfThreshold * options.RbfThreshold * median);
        for (long o = 0; o < g.LongLength; o++) g[o] = Math.Exp(g[o] * scale);
        return g;
    }

    /// <summary>numpy's median: the mean of the two middle values for an even count.</summary>
    private static double Median(double[] values)
    {
        var c = (double[])values.Clone();
        Array.Sort(c);
        long len = c.LongLength;
        return len % 2 == 1 ? c[len / 2] : 0.5 * (c[len / 2 - 1] + c[len / 2]);
    }
}
