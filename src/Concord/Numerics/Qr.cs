namespace Concord.Numerics;

/// <summary>
/// Thin Householder QR with column pivoting, <c>A P = Q R</c>, truncated at the numerical rank:
/// the factorisation stops at the first step whose pivot satisfies <c>|R_kk| ≤ tol · |R_00|</c>.
/// The default tolerance is <c>max(rows, cols) · ε</c> (the rule of <c>numpy.linalg.matrix_rank</c>, applied to R's
/// diagonal). A is read column-major (each column's <c>rows</c> values contiguous); Q is returned the same way,
/// <c>rows × Rank</c>, with orthonormal columns spanning the column space of A. Golub and Van Loan, §5.4.1.
/// </summary>
public sealed class Qr
{
    /// <summary>Orthonormal basis of the column space, column-major <c>Rows × Rank</c>.</summary>
    public double[] Q { get; }
    public int Rows { get; }
    public int Columns { get; }
    /// <summary>Numerical rank: the number of Householder steps taken.</summary>
    public int Rank { get; }
    /// <summary>|R_kk| for k &lt; Rank, non-increasing.</summary>
    public IReadOnlyList<double> Diagonal { get; }
    /// <summary>Original column index of each pivoted column.</summary>
    public IReadOnlyList<int> Pivots { get; }
    /// <summary>The upper-trapezoidal factor R (Rank × Columns, column-major in pivoted order).</summary>
    public double[] R { get; }

    private Qr(double[] q, int rows, int cols, int rank, double[] diag, int[] piv, double[] r)
    { Q = q; Rows = rows; Columns = cols; Rank = rank; Diagonal = diag; Pivots = piv; R = r; }

    /// <summary>Default relative rank tolerance for an <paramref name="rows"/> × <paramref name="cols"/> matrix.</summary>
    public static double DefaultTolerance(int rows, int cols) => Math.Max(rows, cols) * MachineEpsilon;

    /// <summary>2⁻⁵², the spacing of doubles at 1.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Factorises the column-major <paramref name="a"/> (not modified).</summary>
    public static Qr Compute(ReadOnlySpan<double> a, int rows, int cols, double? relativeTolerance = null)
    {
        if ((long)rows * cols != a.Length) throw new ArgumentException("a must hold rows × cols values");
        double tol = relativeTolerance ?? DefaultTolerance(rows, cols);
        var w = a.ToArray();
        int steps = Math.Min(rows, cols);
        var piv = Enumerable.Range(0, cols).ToArray();
        var norm2 = new double[cols]; var ref2 = new double[cols];
        for (int j = 0; j < cols; j++) { var c = w.AsSpan(j * rows, rows); norm2[j] = ref2[j] = CrossProducts.Dot(c, c); }
        var scratch = new double[rows];
        var tau = new double[steps]; var diag = new List<double>();
        double first = 0;
        int rank = 0;
        for (int k = 0; k < steps; k++)
        {
            int best = k;
            for (int j = k + 1; j < cols; j++) if (norm2[j] > norm2[best]) best = j;
            if (best != k)
            {
                w.AsSpan(k * rows, rows).CopyTo(scratch); w.AsSpan(best * rows, rows).CopyTo(w.AsSpan(k * rows, rows)); scratch.CopyTo(w.AsSpan(best * rows, rows));
                (piv[k], piv[best]) = (piv[best], piv[k]); (norm2[k], norm2[best]) = (norm2[best], norm2[k]); (ref2[k], ref2[best]) = (ref2[best], ref2[k]);
            }
            var col = w.AsSpan(k * rows + k, rows - k);
            double alpha = Math.Sqrt(CrossProducts.Dot(col, col));
            if (k == 0) first = alpha;
            if (alpha == 0 || alpha <= tol * first) break;
            // Householder vector v (v[0] = 1 implicit scaling), H = I − τ v vᵀ maps col to −sign(col0)·alpha·e1.
            double beta = col[0] >= 0 ? -alpha : alpha;
            double v0 = col[0] - beta;
            for (int i = 1; i < col.Length; i++) col[i] /= v0;
            tau[k] = -v0 / beta;
            col[0] = 1;
            for (int j = k + 1; j < cols; j++)
            {
                var cj = w.AsSpan(j * rows + k, rows - k);
                double s = tau[k] * CrossProducts.Dot(col, cj);
                for (int i = 0; i < cj.Length; i++) cj[i] -= s * col[i];
                norm2[j] -= cj[0] * cj[0];
                if (norm2[j] <= 1e-8 * ref2[j]) { var rest = cj[1..]; norm2[j] = ref2[j] = CrossProducts.Dot(rest, rest); }
            }
            col[0] = beta; // R_kk stored in place; the v below the diagonal stays for forming Q
            diag.Add(Math.Abs(beta));
            rank++;
        }
        var r = new double[rank * cols];
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < Math.Min(rank, j + 1); i++) r[j * rank + i] = w[j * rows + i];
        // Q = H_0 … H_{rank-1} [I; 0], applied backwards.
        var q = new double[rows * rank];
        for (int j = 0; j < rank; j++) q[j * rows + j] = 1;
        for (int k = rank - 1; k >= 0; k--)
        {
            var v = w.AsSpan(k * rows + k, rows - k);
            double saved = v[0]; v[0] = 1;
            for (int j = k; j < rank; j++)
            {
                var qj = q.AsSpan(j * rows + k, rows - k);
                double s = tau[k] * CrossProducts.Dot(v, qj);
                for (int i = 0; i < qj.Length; i++) qj[i] -= s * v[i];
            }
            v[0] = saved;
        }
        return new Qr(q, rows, cols, rank, [.. diag], piv, r);
    }
}
