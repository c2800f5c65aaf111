using System.Numerics;

namespace Concord.Numerics;

/// <summary>
/// Minimum-norm least squares x = A⁺b (and ridge x = (AᵀA + αI)⁻¹Aᵀb) through an SVD: Householder QR of A
/// (or of Aᵀ when m &lt; n) reduces the problem to a square triangular factor, whose SVD is taken by one-sided
/// Jacobi rotations after an eigenvector preconditioner (<see cref="PreconditionedJacobi"/>). Singular values
/// σᵢ ≤ rcond·σ_max are treated as zero, as LAPACK <c>gelsd</c> (used by scipy.linalg.lstsq and sklearn
/// LinearRegression) does. Cost O(m·n·min(m, n)) flops for the QR plus about 20·min(m, n)³ for the SVD, in double precision.
/// </summary>
public static class MinimumNormLeastSquares
{
    /// <summary>Solves min ‖Ax − b‖² (+ α‖x‖²) with the minimum-norm x.</summary>
    /// <param name="a">A, column-major m×n (column j is a[j·m .. j·m + m)); overwritten.</param>
    /// <param name="m">Rows of A.</param>
    /// <param name="n">Columns of A.</param>
    /// <param name="b">Right-hand side, length m.</param>
    /// <param name="rcond">Relative cutoff; null means max(m, n)·ε (numpy.linalg.lstsq's default).</param>
    /// <param name="ridge">α ≥ 0; when positive every σᵢ &gt; 0 contributes σᵢ/(σᵢ² + α) and rcond is ignored.</param>
    /// <param name="workers">Threads for the QR updates.</param>
    public static LeastSquaresSolution Solve(double[] a, int m, int n, ReadOnlySpan<double> b, double? rcond = null, double ridge = 0, int workers = 2) =>
        Factor(a, m, n, workers).Solve(b, rcond, ridge);

    /// <summary>The QR and SVD of A, made once; <see cref="Factorisation.Solve"/> then costs O(m·n) per right-hand side,
    /// and gives exactly what <see cref="Solve"/> gives for that right-hand side.</summary>
    /// <param name="a">A, column-major m×n; overwritten (when m ≥ n it holds the QR afterwards).</param>
    /// <param name="m">Rows of A.</param>
    /// <param name="n">Columns of A.</param>
    /// <param name="workers">Threads for the QR updates.</param>
    public static Factorisation Factor(double[] a, int m, int n, int workers = 2)
    {
        if ((long)m * n != a.LongLength) throw new ArgumentException($"a has {a.LongLength} values, expected {m}×{n}", nameof(a));
        if (m >= n)
        {
            var tau = HouseholderQr(a, m, n, workers);
            var (u, s, v) = PreconditionedJacobi.Compute(UpperTriangle(a, m, n, transpose: false), n, workers);
            return new Factorisation(a, m, n, tau, u, s, v, Tall: true);
        }
        var at = new double[(long)m * n];   // Aᵀ, column-major n×m: column i is row i of A
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++) at[(long)i * n + j] = a[(long)j * m + i];
        var tauT = HouseholderQr(at, n, m, workers);
        var (ut, st, vt) = PreconditionedJacobi.Compute(UpperTriangle(at, n, m, transpose: true), m, workers);   // Rᵀ = U Σ Vᵀ, so A = U Σ (Q V)ᵀ
        return new Factorisation(at, m, n, tauT, ut, st, vt, Tall: false);
    }

    /// <summary>A = Q R with R = U Σ Vᵀ (m ≥ n), or Aᵀ = Q R with Rᵀ = U Σ Vᵀ (m &lt; n); <see cref="Qr"/> holds the
    /// Householder reflectors of A (or Aᵀ).</summary>
    public sealed record Factorisation(double[] Qr, int M, int N, double[] Tau, double[] U, double[] S, double[] V, bool Tall)
    {
        /// <summary>Minimum-norm solution of min ‖Ax − b‖² (+ α‖x‖²); parameters as <see cref="MinimumNormLeastSquares.Solve"/>.</summary>
        public LeastSquaresSolution Solve(ReadOnlySpan<double> b, double? rcond = null, double ridge = 0)
        {
            if (b.Length != M) throw new ArgumentException($"b has {b.Length} values, expected {M}", nameof(b));
            ArgumentOutOfRangeException.ThrowIfNegative(ridge);
            double cut = rcond ?? Math.Max(M, N) * 2.220446049250313e-16;
            if (Tall)
            {
                var c = b.ToArray();
                ApplyQTransposed(Qr, M, N, Tau, c);
                var x = new double[N];
                int rank = Combine(U, S, V, N, c.AsSpan(0, N), x, cut, ridge);
                return new LeastSquaresSolution(x, rank, Sorted(S));
            }
            var t = new double[N];
            // x = Q V Σ⁺ Uᵀ b: first t[0..m) = V Σ⁺ Uᵀ b, then apply Q.
            int r = Combine(U, S, V, M, b, t.AsSpan(0, M), cut, ridge);
            ApplyQ(Qr, N, M, Tau, t);
            return new LeastSquaresSolution(t, r, Sorted(S));
        }
    }

    private static double[] Sorted(double[] s) { var c = (double[])s.Clone(); Array.Sort(c); Array.Reverse(c); return c; }

    /// <summary>x = V · diag(f(σ)) · Uᵀ c over a k×k SVD; returns the rank used.</summary>
    private static int Combine(double[] u, double[] s, double[] v, int k, ReadOnlySpan<double> c, Span<double> x, double rcond, double ridge)
    {
        double smax = s.Length == 0 ? 0 : s.Max();
        int rank = 0;
        x.Clear();
        for (int j = 0; j < k; j++)
        {
            double f;
            if (ridge > 0) { if (s[j] <= 0) continue; f = s[j] / (s[j] * s[j] + ridge); }
            else { if (!(s[j] > rcond * smax)) continue; f = 1.0 / s[j]; }
            rank++;
            double proj = 0;
            for (int i = 0; i < k; i++) proj += u[(long)j * k + i] * c[i];
            proj *= f;
            for (int i = 0; i < k; i++) x[i] += v[(long)j * k + i] * proj;
        }
        return rank;
    }

    /// <summary>In-place Householder QR of column-major m×n (m ≥ n): R on and above the diagonal, the reflector
    /// vectors (with implicit leading 1) below it; returns the τ factors (H = I − τ v vᵀ).</summary>
    private static double[] HouseholderQr(double[] a, int m, int n, int workers)
    {
        var tau = new double[n];
        for (int j = 0; j < n; j++)
        {
            var col = a.AsSpan((int)((long)j * m + j), m - j);
            double norm = Math.Sqrt(Dot(col, col));
            if (norm == 0) { tau[j] = 0; continue; }
            double alpha = col[0] >= 0 ? -norm : norm;
            double v0 = col[0] - alpha;
            for (int i = 1; i < col.Length; i++) col[i] /= v0;
            tau[j] = (alpha - col[0]) / alpha;   // = -v0/alpha
            col[0] = alpha;
            int jj = j;
            double t = tau[jj];
            int remaining = n - j - 1;
            if (remaining <= 0) continue;
            void Update(int c)
            {
                var vtail = a.AsSpan((int)((long)jj * m + jj + 1), m - jj - 1);
                var target = a.AsSpan((int)((long)c * m + jj), m - jj);
                double s = target[0] + Dot(vtail, target[1..]);
                s *= t;
                target[0] -= s;
                Axpy(-s, vtail, target[1..]);
            }
            if (workers > 1 && (long)remaining * (m - j) > 200_000)
                Parallel.For(j + 1, n, new ParallelOptions { MaxDegreeOfParallelism = workers }, Update);
            else
                for (int c = j + 1; c < n; c++) Update(c);
        }
        return tau;
    }

    private static void ApplyQTransposed(double[] a, int m, int n, double[] tau, Span<double> c)
    {
        for (int j = 0; j < n; j++) Reflect(a, m, j, tau[j], c);
    }

    private static void ApplyQ(double[] a, int m, int n, double[] tau, Span<double> c)
    {
        for (int j = n - 1; j >= 0; j--) Reflect(a, m, j, tau[j], c);
    }

    private static void Reflect(double[] a, int m, int j, double tau, Span<double> c)
    {
        if (tau == 0) return;
        var vtail = a.AsSpan((int)((long)j * m + j + 1), m - j - 1);
        double s = (c[j] + Dot(vtail, c[(j + 1)..])) * tau;
        c[j] -= s;
        Axpy(-s, vtail, c[(j + 1)..]);
    }

    /// <summary>The n×n upper triangle of a column-major m×n QR result, column-major (or its transpose).</summary>
    private static double[] UpperTriangle(double[] a, int m, int n, bool transpose)
    {
        var r = new double[(long)n * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i <= j; i++)
            {
                double v = a[(long)j * m + i];
                if (transpose) r[(long)i * n + j] = v; else r[(long)j * n + i] = v;
            }
        return r;
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int vw = Vector<double>.Count, i = 0;
        var acc = Vector<double>.Zero;
        for (; i <= x.Length - vw; i += vw) acc += new Vector<double>(x[i..]) * new Vector<double>(y[i..]);
        double s = Vector.Sum(acc);
        for (; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    private static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int vw = Vector<double>.Count, i = 0;
        var av = new Vector<double>(alpha);
        for (; i <= x.Length - vw; i += vw) (new Vector<double>(y[i..]) + av * new Vector<double>(x[i..])).CopyTo(y[i..]);
        for (; i < x.Length; i++) y[i] += alpha * x[i];
    }
}
