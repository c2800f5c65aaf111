using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// Chooses the ridge penalty α of a linear probe by efficient leave-one-out cross-validation on the training split
/// only, with sklearn <c>RidgeCV(alphas, fit_intercept=True)</c> semantics (its default <c>cv=None</c>, the generalised
/// cross-validation path): for every α of the grid the exact leave-one-out residuals of ridge with an unpenalised
/// intercept are rᵢ = eᵢ / (1 − Hᵢᵢ), where e are the training residuals and H = 11ᵀ/n + X_c (X_cᵀX_c + αI)⁻¹ X_cᵀ is the
/// hat matrix; the score is mean rᵢ², and the α with the smallest score wins (the first one on ties, as sklearn's strict
/// comparison). The centred design is decomposed once through the smaller Gram matrix (X_cᵀX_c when n &gt; d, X_cX_cᵀ
/// otherwise, as sklearn's <c>gcv_mode='auto'</c> picks 'svd' or 'eigen'), so every α costs O(n·rank).
/// </summary>
public static class RidgeCrossValidation
{
    /// <summary>
    /// The default grid: α = 10^(k/2) for k = −4 … 12 (0.01 … 10⁶, 17 values, half-decade steps). On standardised
    /// inputs the largest value shrinks any tap of the study to (almost) the mean predictor, the smallest is close to
    /// least squares when n &gt; d.
    /// </summary>
    public static IReadOnlyList<double> DefaultAlphas { get; } = Enumerable.Range(-4, 17).Select(k => Math.Pow(10, k / 2.0)).ToArray();

    /// <summary>Leave-one-out mean squared error of every α in <paramref name="alphas"/> and the best α.</summary>
    /// <param name="x">Training design [n, d] (already standardised as the probe wants it); n ≥ 2.</param>
    /// <param name="y">Training targets, length n.</param>
    /// <param name="alphas">Candidate penalties, each finite and &gt; 0.</param>
    /// <param name="workers">Threads for the Gram matrix.</param>
    public static RidgeCvResult Select(Matrix x, ReadOnlySpan<double> y, IReadOnlyList<double> alphas, int workers = 2)
    {
        ArgumentNullException.ThrowIfNull(alphas);
        if (alphas.Count == 0) throw new ArgumentException("the α grid is empty", nameof(alphas));
        if (alphas.Any(a => !(a > 0) || !double.IsFinite(a))) throw new ArgumentException("every α must be finite and > 0", nameof(alphas));
        int n = x.Rows, d = x.Cols;
        if (y.Length != n) throw new ArgumentException($"{n} rows but {y.Length} targets", nameof(y));
        if (n < 2) throw new ArgumentException("leave-one-out needs at least two training rows", nameof(x));

        var mean = new double[d];
        for (int i = 0; i < n; i++) { var r = x.Row(i); for (int j = 0; j < d; j++) mean[j] += r[j]; }
        for (int j = 0; j < d; j++) mean[j] /= n;
        var xc = new double[(long)n * d];   // row-major centred design
        for (int i = 0; i < n; i++)
        {
            var r = x.Row(i);
            long o = (long)i * d;
            for (int j = 0; j < d; j++) xc[o + j] = r[j] - mean[j];
        }
        double ym = 0;
        foreach (double v in y) ym += v;
        ym /= n;
        var yc = new double[n];
        for (int i = 0; i < n; i++) yc[i] = y[i] - ym;

        // Unit vectors qₖ (columns of U in X_c = U Σ Vᵀ) and λₖ = σₖ², from the smaller Gram matrix.
        var (q, lambda) = n > d ? FromFeatureGram(xc, n, d, workers) : FromSampleGram(xc, n, d, workers);
        int rank = lambda.Length;
        var qty = new double[rank];
        for (int k = 0; k < rank; k++) qty[k] = CrossProducts.Dot(q.AsSpan(k * n, n), yc);

        var mse = new double[alphas.Count];
        var h = new double[n];
        var fit = new double[n];
        int best = 0;
        for (int a = 0; a < alphas.Count; a++)
        {
            double alpha = alphas[a];
            Array.Fill(h, 1.0 / n);
            Array.Clear(fit);
            for (int k = 0; k < rank; k++)
            {
                double f = lambda[k] / (lambda[k] + alpha);
                var qk = q.AsSpan(k * n, n);
                double c = f * qty[k];
                for (int i = 0; i < n; i++) { h[i] += f * qk[i] * qk[i]; fit[i] += c * qk[i]; }
            }
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                double denom = 1 - h[i];
                double r = denom > 0 ? (yc[i] - fit[i]) / denom : double.PositiveInfinity;
                s += r * r;
            }
            mse[a] = s / n;
            if (mse[a] < mse[best]) best = a;
        }
        return new RidgeCvResult(alphas[best], [.. alphas], mse, rank);
    }

    /// <summary>n &gt; d: C = X_cᵀX_c = V Λ Vᵀ, qₖ = X_c vₖ / √λₖ.</summary>
    private static (double[] Q, double[] Lambda) FromFeatureGram(double[] xc, int n, int d, int workers)
    {
        var c = new double[(long)d * d];
        var view = MatrixView.RowMajor(xc, 0, n, d);
        CrossProducts.Accumulate(view, view, c, 0, d, workers, upperOnly: true);
        Symmetrise(c, d);
        var svd = Svd.Compute(c, d, d);
        var keep = Kept(svd.Values, n, d);
        var q = new double[(long)keep.Length * n];
        for (int t = 0; t < keep.Length; t++)
        {
            int k = keep[t];
            var v = svd.V.AsSpan(k * d, d);
            double inv = 1 / Math.Sqrt(svd.Values[k]);
            var qk = q.AsSpan(t * n, n);
            for (int i = 0; i < n; i++) qk[i] = CrossProducts.Dot(xc.AsSpan((int)((long)i * d), d), v) * inv;
        }
        return (q, keep.Select(k => svd.Values[k]).ToArray());
    }

    /// <summary>n ≤ d: K = X_cX_cᵀ = U Λ Uᵀ, qₖ = uₖ.</summary>
    private static (double[] Q, double[] Lambda) FromSampleGram(double[] xc, int n, int d, int workers)
    {
        var k2 = new double[(long)n * n];
        var view = MatrixView.ColumnMajor(xc, 0, d, n);   // the rows of X_c as columns
        CrossProducts.Accumulate(view, view, k2, 0, n, workers, upperOnly: true);
        Symmetrise(k2, n);
        var svd = Svd.Compute(k2, n, n);
        var keep = Kept(svd.Values, n, d);
        var q = new double[(long)keep.Length * n];
        for (int t = 0; t < keep.Length; t++) svd.V.AsSpan(keep[t] * n, n).CopyTo(q.AsSpan(t * n, n));
        return (q, keep.Select(k => svd.Values[k]).ToArray());
    }

    /// <summary>Eigenvalues above max(n, d)·ε·λ_max (the rest, including centring's null direction, add nothing).</summary>
    private static int[] Kept(IReadOnlyList<double> values, int n, int d)
    {
        double max = values.Count == 0 ? 0 : values[0];
        double cut = Math.Max(n, d) * Qr.MachineEpsilon * max;
        return Enumerable.Range(0, values.Count).Where(k => values[k] > cut && values[k] > 0).ToArray();
    }

    private static void Symmetrise(double[] c, int k)
    {
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++) c[(long)j * k + i] = c[(long)i * k + j];
    }
}
