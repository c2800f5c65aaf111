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
    public static Factorisation Factor(double[] a, int m, int n, int workers = 2) => Factor(a, m, n, StorageOrder.ColumnMajor, workers);

    /// <summary>As <see cref="Factor(double[], int, int, int)"/> with A stored in <paramref name="order"/>. The QR works
    /// on A column-major when m ≥ n and on Aᵀ column-major (A row-major) when m &lt; n; A stored that way is factored in
    /// place, without a copy.</summary>
    public static Factorisation Factor(double[] a, int m, int n, StorageOrder order, int workers)
    {
        if ((long)m * n != a.LongLength) throw new ArgumentException($"a has {a.LongLength} values, expected {m}×{n}", nameof(a));
        if (m >= n)
        {
            var qr = order == StorageOrder.ColumnMajor ? a : SwitchOrder(a, m, n, order);
            var tau = HouseholderQr(qr, m, n, workers);
            var (u, s, v) = PreconditionedJacobi.Compute(UpperTriangle(qr, m, n, transpose: false), n, workers);
            return new Factorisation(qr, m, n, tau, u, s, v, Tall: true);
        }
        var at = order == StorageOrder.RowMajor ? a : SwitchOrder(a, m, n, order);   // Aᵀ, column-major n×m: column i is row i of A
        var tauT = HouseholderQr(at, n, m, workers);
        var (ut, st, vt) = PreconditionedJacobi.Compute(UpperTriangle(at, n, m, transpose: true), m, workers);   // Rᵀ = U Σ Vᵀ, so A = U Σ (Q V)ᵀ
        return new Factorisation(at, m, n, tauT, ut, st, vt, Tall: false);
    }

    /// <summary>The m×n matrix <paramref name="a"/>, stored in <paramref name="from"/>, copied into the other order.</summary>
    private static double[] SwitchOrder(double[] a, int m, int n, StorageOrder from)
    {
        var o = new double[(long)m * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
            {
                if (from == StorageOrder.ColumnMajor) o[(long)i * n + j] = a[(long)j * m + i];
                else o[(long)j * m + i] = a[(long)i * n + j];
            }
        return o;
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

    /// <summary>Columns per panel of the blocked QR.</summary>
    private const int Panel = 32;

    /// <summary>In-place Householder QR of column-major m×n (m ≥ n): R on and above the diagonal, the reflector
    /// vectors (with implicit leading 1) below it; returns the τ factors (H = I − τ v vᵀ). Blocked: each panel of
    /// <see cref="Panel"/> columns is factored column by column, and its reflectors reach the trailing columns at once
    /// as I − V T Vᵀ (the compact WY form, Schreiber &amp; Van Loan 1989) through two cross products.</summary>
    private static double[] HouseholderQr(double[] a, int m, int n, int workers)
    {
        var tau = new double[n];
        for (int j0 = 0; j0 < n; j0 += Panel)
        {
            int jb = Math.Min(Panel, n - j0);
            FactorPanel(a, m, j0, jb, tau, workers);
            int trailing = n - j0 - jb;
            if (trailing > 0) ApplyPanel(a, m, j0, jb, trailing, tau, workers);
        }
        return tau;
    }

    /// <summary>Unblocked Householder QR of columns [j0, j0 + jb), updating only those columns.</summary>
    private static void FactorPanel(double[] a, int m, int j0, int jb, double[] tau, int workers)
    {
        for (int j = j0; j < j0 + jb; j++)
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
            int remaining = j0 + jb - j - 1;
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
                Parallel.For(j + 1, j0 + jb, new ParallelOptions { MaxDegreeOfParallelism = workers }, Update);
            else
                for (int c = j + 1; c < j0 + jb; c++) Update(c);
        }
    }

    /// <summary>C ← (H_{j0} ⋯ H_{j0+jb−1})ᵀ C for the trailing columns C = A[j0.., j0+jb..]: W = VᵀC, W ← TᵀW, C −= V W.</summary>
    private static void ApplyPanel(double[] a, int m, int j0, int jb, int trailing, double[] tau, int workers)
    {
        int rows = m - j0;
        var v = new double[(long)rows * jb];   // the panel's reflectors, explicit: column r is 0 above r, 1 at r
        for (int r = 0; r < jb; r++)
        {
            v[(long)r * rows + r] = 1;
            a.AsSpan((int)((long)(j0 + r) * m + j0 + r + 1), rows - r - 1).CopyTo(v.AsSpan((int)((long)r * rows + r + 1)));
        }
        // T upper triangular with I − V T Vᵀ = H_{j0} ⋯ H_{j0+jb−1}: T[i, i] = τᵢ, T[0:i, i] = −τᵢ T[0:i, 0:i] V[:, 0:i]ᵀ vᵢ.
        var t = new double[jb * jb];
        var z = new double[jb];
        for (int i = 0; i < jb; i++)
        {
            double ti = tau[j0 + i];
            t[i * jb + i] = ti;
            var vi = v.AsSpan((int)((long)i * rows + i), rows - i);   // vᵢ is zero above row i
            for (int l = 0; l < i; l++) z[l] = -ti * Dot(v.AsSpan((int)((long)l * rows + i), rows - i), vi);
            for (int r = 0; r < i; r++)
            {
                double sum = 0;
                for (int l = r; l < i; l++) sum += t[r * jb + l] * z[l];
                t[r * jb + i] = sum;
            }
        }
        long cOffset = (long)(j0 + jb) * m + j0;
        var c = new MatrixView(a, cOffset, rows, trailing, StorageOrder.ColumnMajor, m);
        var w = new double[(long)jb * trailing];   // row-major jb × trailing
        CrossProducts.Accumulate(MatrixView.ColumnMajor(v, 0, rows, jb), c, w, 0, trailing, workers);
        // W ← −TᵀW, bottom row first so that the rows it reads are still the original ones
        for (int i = jb - 1; i >= 0; i--)
        {
            var wi = w.AsSpan((int)((long)i * trailing), trailing);
            double tii = t[i * jb + i];
            for (int q = 0; q < trailing; q++) wi[q] *= -tii;
            for (int l = 0; l < i; l++) Axpy(-t[l * jb + i], w.AsSpan((int)((long)l * trailing), trailing), wi);
        }
        // Cᵀ (row-major trailing × rows, i.e. C as stored) += (−W)ᵀ Vᵀ
        CrossProducts.Accumulate(MatrixView.RowMajor(w, 0, jb, trailing), new MatrixView(v, 0, jb, rows, StorageOrder.RowMajor, rows),
            a, cOffset, m, workers);
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
