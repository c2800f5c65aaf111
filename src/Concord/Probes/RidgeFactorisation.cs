using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// One eigendecomposition of a centred training design X_c (through the smaller of X_cᵀX_c and X_cX_cᵀ, as sklearn's
/// <c>RidgeCV(gcv_mode='auto')</c>) that serves every regression target and every α: the leave-one-out scores of
/// <see cref="RidgeCrossValidation"/> and the ridge coefficients w(α) = (X_cᵀX_c + αI)⁻¹X_cᵀy_c. A probe task builds it
/// once per representation, so pitch and velocity (and every α of the grid) share one O(n·d·min(n, d)) factorisation
/// (the Gram matrix, then <see cref="SymmetricEigen"/>, about 9·min(n, d)³ flops).
/// Directions with eigenvalue ≤ max(n, d)·ε·λ_max are dropped (rounding noise, and centring's null direction).
/// </summary>
public sealed class RidgeFactorisation
{
    private readonly int _n, _d;
    private readonly double[] _mean;        // column means of the design (length d)
    private readonly double[] _xc;          // row-major centred design (n × d)
    private readonly double[] _q;           // unit vectors q_k in sample space (rank × n), X_c = Σ √λ_k q_k v_kᵀ
    private readonly double[] _lambda;      // λ_k, descending

    private RidgeFactorisation(int n, int d, double[] mean, double[] xc, double[] q, double[] lambda)
    {
        _n = n; _d = d; _mean = mean; _xc = xc; _q = q; _lambda = lambda;
    }

    /// <summary>Rows of the design.</summary>
    public int Rows => _n;
    /// <summary>Number of non-negligible directions.</summary>
    public int Rank => _lambda.Length;

    /// <summary>Centres <paramref name="x"/> ([n, d], n ≥ 2) with its column means and decomposes it.</summary>
    public static RidgeFactorisation Of(Matrix x, int workers)
    {
        int n = x.Rows, d = x.Cols;
        if (n < 2) throw new ArgumentException("leave-one-out needs at least two training rows", nameof(x));
        var mean = Centring.ColumnMeans(x);
        var xc = LargeArrays.Doubles((long)n * d);
        for (int i = 0; i < n; i++)
        {
            var r = x.Row(i);
            long o = (long)i * d;
            for (int j = 0; j < d; j++) xc[o + j] = r[j] - mean[j];
        }
        var (q, lambda) = n > d ? FromFeatureGram(xc, n, d, workers) : FromSampleGram(xc, n, d, workers);
        return new RidgeFactorisation(n, d, mean, xc, q, lambda);
    }

    /// <summary>Leave-one-out mean squared error of every α and the best one (sklearn <c>RidgeCV</c>: first on ties).</summary>
    public RidgeCvResult Select(ReadOnlySpan<double> y, IReadOnlyList<double> alphas)
    {
        ArgumentNullException.ThrowIfNull(alphas);
        if (alphas.Count == 0) throw new ArgumentException("the α grid is empty", nameof(alphas));
        if (alphas.Any(a => !(a > 0) || !double.IsFinite(a))) throw new ArgumentException("every α must be finite and > 0", nameof(alphas));
        var (yc, _) = Centre(y);
        int n = _n, rank = Rank;
        var qty = Project(yc);
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
                double f = _lambda[k] / (_lambda[k] + alpha);
                var qk = _q.AsSpan(k * n, n);
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

    /// <summary>The ridge probe with penalty <paramref name="alpha"/> &gt; 0 and an unpenalised intercept (sklearn
    /// <c>Ridge(alpha)</c> on the same design): w = X_cᵀc with c = Σ_k q_k (q_k·y_c)/(λ_k + α), b = ȳ − x̄·w.</summary>
    public FittedLinearProbe Fit(ReadOnlySpan<double> y, double alpha, RidgeCvResult? crossValidation = null)
    {
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ArgumentException("α must be finite and > 0", nameof(alpha));
        var (yc, ym) = Centre(y);
        int n = _n, d = _d;
        var qty = Project(yc);
        // X_cᵀX_c + αI = V(Λ + αI)Vᵀ and X_cᵀ q_k = √λ_k v_k, so w = Σ_k v_k √λ_k (q_k·y_c)/(λ_k + α) = X_cᵀ c.
        var c = new double[n];
        for (int k = 0; k < Rank; k++)
        {
            double f = qty[k] / (_lambda[k] + alpha);
            var qk = _q.AsSpan(k * n, n);
            for (int i = 0; i < n; i++) c[i] += f * qk[i];
        }
        var w = new double[d];
        for (int i = 0; i < n; i++)
        {
            double ci = c[i];
            var row = _xc.AsSpan((int)((long)i * d), d);
            for (int j = 0; j < d; j++) w[j] += ci * row[j];
        }
        return new FittedLinearProbe(w, Centring.Intercept(ym, _mean, w), Rank, alpha, crossValidation);
    }

    private (double[] Centred, double Mean) Centre(ReadOnlySpan<double> y)
    {
        if (y.Length != _n) throw new ArgumentException($"{_n} rows but {y.Length} targets", nameof(y));
        return Centring.Centre(y);
    }

    private double[] Project(double[] yc)
    {
        var qty = new double[Rank];
        for (int k = 0; k < Rank; k++) qty[k] = CrossProducts.Dot(_q.AsSpan(k * _n, _n), yc);
        return qty;
    }

    /// <summary>n &gt; d: C = X_cᵀX_c = V Λ Vᵀ, qₖ = X_c vₖ / √λₖ.</summary>
    private static (double[] Q, double[] Lambda) FromFeatureGram(double[] xc, int n, int d, int workers)
    {
        var c = new double[(long)d * d];
        var view = MatrixView.RowMajor(xc, 0, n, d);
        CrossProducts.Accumulate(view, view, c, 0, d, workers, upperOnly: true);
        Symmetrise(c, d);
        var eig = SymmetricEigen.Compute(c, d, workers);
        var keep = Kept(eig.Values, n, d);
        var q = new double[(long)keep.Length * n];
        for (int t = 0; t < keep.Length; t++)
        {
            int k = keep[t];
            var v = eig.Vectors.AsSpan(k * d, d);
            double inv = 1 / Math.Sqrt(eig.Values[k]);
            var qk = q.AsSpan(t * n, n);
            for (int i = 0; i < n; i++) qk[i] = CrossProducts.Dot(xc.AsSpan((int)((long)i * d), d), v) * inv;
        }
        return (q, keep.Select(k => eig.Values[k]).ToArray());
    }

    /// <summary>n ≤ d: K = X_cX_cᵀ = U Λ Uᵀ, qₖ = uₖ.</summary>
    private static (double[] Q, double[] Lambda) FromSampleGram(double[] xc, int n, int d, int workers)
    {
        var k2 = LargeArrays.Doubles((long)n * n);
        var view = MatrixView.ColumnMajor(xc, 0, d, n);   // the rows of X_c as columns
        CrossProducts.Accumulate(view, view, k2, 0, n, workers, upperOnly: true);
        Symmetrise(k2, n);
        var eig = SymmetricEigen.Compute(k2, n, workers);
        var keep = Kept(eig.Values, n, d);
        var q = new double[(long)keep.Length * n];
        for (int t = 0; t < keep.Length; t++) eig.Vectors.AsSpan((int)((long)keep[t] * n), n).CopyTo(q.AsSpan(t * n, n));
        return (q, keep.Select(k => eig.Values[k]).ToArray());
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
