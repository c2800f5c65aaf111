using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// Minimum-norm least squares on a wide centred design X_c (n rows ≤ d columns) through its n × n Gram matrix, for the
/// designs whose rank is provably n − 1, where it gives the SVD's answer at a fraction of the cost.
/// <para>
/// Centring makes 1 a null vector of G = X_cX_cᵀ. With τ = tr G ≥ λ_max, G' = G + (τ/n)·11ᵀ is positive definite when
/// the rest of the spectrum is, and for a centred target w = X_cᵀz with G'z = y_c is the minimum-norm solution of rank
/// n − 1 (1ᵀz = 0 follows from 1ᵀy_c = 0). G' is Cholesky-factored, G' = LLᵀ, and ‖L⁻¹‖_F² = tr G'⁻¹ ≥ 1/λ_min gives a
/// rigorous lower bound on every non-null singular value relative to σ_max ≤ √τ:
/// <c>ρ = 1 / √(τ·‖L⁻¹‖_F²) ≤ σ_min/σ_max</c>. When ρ ≥ <see cref="ProvenRatio"/> the numerical rank by any cutoff far
/// below ρ (gelsd's max(n, d)·ε by default) is n − 1 with no doubt, and the semi-normal equations with two steps of
/// refinement on the original residual (Björck's corrected semi-normal equations, as accurate as QR for condition
/// numbers below ε^(−1/2), i.e. 1/ρ ≤ 10⁷ here) give the SVD's solution to rounding. Otherwise, or when a caller's
/// cutoff is not far below ρ, <see cref="LeastSquaresDesign"/> uses the QR + SVD instead.
/// </para>
/// Cost: n²·d flops for G (the cross-product kernel), n³/3 each for the Cholesky factor and L⁻¹, and O(n·d) per target.
/// </summary>
internal sealed class CentredGramSolve
{
    /// <summary>The smallest proven σ_min/σ_max this path accepts.</summary>
    public const double ProvenRatio = 1e-7;
    /// <summary>How far below the proven ratio a caller's cutoff must lie for the rank to be certain.</summary>
    public const double CutoffMargin = 1e-3;
    private const int RefinementSteps = 2;

    private readonly double[] _xc;   // row-major n × d centred design
    private readonly double[] _l;    // row-major lower Cholesky factor of G'
    private readonly int _n, _d;

    private CentredGramSolve(double[] xc, double[] l, int n, int d, double ratio) { _xc = xc; _l = l; _n = n; _d = d; Ratio = ratio; }

    /// <summary>The proven lower bound ρ on σ_min/σ_max over the n − 1 non-null directions.</summary>
    public double Ratio { get; }

    /// <summary>Rank of the centred design: n − 1.</summary>
    public int Rank => _n - 1;

    /// <summary>The solver for the row-major centred design <paramref name="xc"/> (n × d, kept by reference, not
    /// modified), or null when G' is not positive definite or ρ &lt; <see cref="ProvenRatio"/>.</summary>
    public static CentredGramSolve? TryOf(double[] xc, int n, int d, int workers)
    {
        if (n < 2 || d < n) return null;
        var g = LargeArrays.Doubles((long)n * n);
        var rows = MatrixView.ColumnMajor(xc, 0, d, n);   // column i = row i of X_c
        CrossProducts.Accumulate(rows, rows, g, 0, n, workers, upperOnly: true);
        double trace = 0;
        for (int i = 0; i < n; i++) trace += g[(long)i * n + i];
        if (!(trace > 0) || !double.IsFinite(trace)) return null;
        double shift = trace / n;
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
            {
                double v = g[(long)i * n + j] + shift;
                g[(long)i * n + j] = v;
                g[(long)j * n + i] = v;
            }
        if (!Cholesky(g, n, workers)) return null;
        double inverseNorm2 = InverseFrobeniusSquared(g, n, workers);
        double ratio = 1 / Math.Sqrt(trace * inverseNorm2);
        return ratio >= ProvenRatio ? new CentredGramSolve(xc, g, n, d, ratio) : null;
    }

    /// <summary>Whether a cutoff of <paramref name="relativeCut"/>·σ_max certainly keeps every non-null direction.</summary>
    public bool Certain(double relativeCut) => relativeCut <= CutoffMargin * Ratio;

    /// <summary>w = X_cᵀz, G'z = y_c, refined twice on the residual y_c − X_c w.</summary>
    public double[] Solve(ReadOnlySpan<double> yc)
    {
        if (yc.Length != _n) throw new ArgumentException($"y has {yc.Length} values, expected {_n}", nameof(yc));
        var w = new double[_d];
        var r = yc.ToArray();
        for (int step = 0; step <= RefinementSteps; step++)
        {
            if (step > 0)
                for (int i = 0; i < _n; i++) r[i] = yc[i] - CrossProducts.Dot(_xc.AsSpan((int)((long)i * _d), _d), w);
            SolveInPlace(r);
            for (int i = 0; i < _n; i++) SymmetricEigen.Axpy(r[i], _xc.AsSpan((int)((long)i * _d), _d), w);
        }
        return w;
    }

    /// <summary>r ← G'⁻¹r through L and Lᵀ.</summary>
    private void SolveInPlace(double[] r)
    {
        int n = _n;
        for (int i = 0; i < n; i++)
            r[i] = (r[i] - CrossProducts.Dot(_l.AsSpan((int)((long)i * n), i), r.AsSpan(0, i))) / _l[(long)i * n + i];
        for (int i = n - 1; i >= 0; i--)
        {
            r[i] /= _l[(long)i * n + i];
            double ri = r[i];
            for (int k = 0; k < i; k++) r[k] -= _l[(long)i * n + k] * ri;
        }
    }

    /// <summary>In-place lower Cholesky factor of the row-major symmetric <paramref name="a"/> (the strict upper
    /// triangle is left as it was); false when a pivot is not positive. Each entry is one dot product of row prefixes,
    /// rows in parallel, so the result does not depend on <paramref name="workers"/>.</summary>
    private static bool Cholesky(double[] a, int n, int workers)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers };
        for (int j = 0; j < n; j++)
        {
            var rj = a.AsSpan((int)((long)j * n), j);
            double pivot = a[(long)j * n + j] - CrossProducts.Dot(rj, rj);
            if (!(pivot > 0)) return false;
            double ljj = Math.Sqrt(pivot);
            a[(long)j * n + j] = ljj;
            int jj = j;
            void Row(int i)
            {
                double s = a[(long)i * n + jj] - CrossProducts.Dot(a.AsSpan((int)((long)i * n), jj), a.AsSpan((int)((long)jj * n), jj));
                a[(long)i * n + jj] = s / ljj;
            }
            if (workers > 1 && (long)(n - j) * j > 200_000) Parallel.For(j + 1, n, options, Row);
            else for (int i = j + 1; i < n; i++) Row(i);
        }
        return true;
    }

    /// <summary>‖L⁻¹‖_F² for the lower factor in <paramref name="l"/>: row i of Z = L⁻¹ is (eᵢ − Σ_{k&lt;i} L[i,k]·Z[k,:]) / L[i,i],
    /// rows summed in order (columns split among workers).</summary>
    private static double InverseFrobeniusSquared(double[] l, int n, int workers)
    {
        var z = new double[(long)n * n];
        for (int i = 0; i < n; i++)
        {
            int ii = i;
            double inv = 1 / l[(long)i * n + i];
            void Columns(int w, int from, int to)
            {
                var zi = z.AsSpan((int)((long)ii * n + from), to - from);
                for (int k = from; k < ii; k++)   // rows k < from are zero in these columns
                {
                    double lik = l[(long)ii * n + k];
                    if (lik != 0) SymmetricEigen.Axpy(-lik, z.AsSpan((int)((long)k * n + from), to - from), zi);
                }
                if (ii < to) zi[ii - from] += 1;
                for (int c = 0; c < zi.Length; c++) zi[c] *= inv;
            }
            int width = i + 1;   // Z is lower triangular: row i has columns 0..i
            if (workers > 1 && (long)width * i > 200_000) RowPartition.For(width, workers, Columns);
            else Columns(0, 0, width);
        }
        double sum = 0;
        for (long t = 0; t < z.LongLength; t++) sum += z[t] * z[t];
        return sum;
    }
}
