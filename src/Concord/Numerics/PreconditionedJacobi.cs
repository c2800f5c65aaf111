using System.Runtime.Intrinsics;

namespace Concord.Numerics;

/// <summary>
/// SVD of a square k×k matrix M = U Σ Vᵀ by one-sided (Hestenes) Jacobi rotations, preconditioned so that it converges
/// in a sweep or two instead of ten: the eigenvectors V₀ of MᵀM (<see cref="SymmetricEigen"/>) are applied first, and
/// the rotations then only remove what rounding left in B = M V₀. The eigenvectors are never used for the singular
/// values themselves (their squares would lose every σ below √ε·σ_max); those come from the Jacobi-converged columns
/// of B, so the result is a backward-stable SVD of M, the accuracy class of LAPACK <c>gelsd</c>.
/// <para>
/// The first sweep runs in round-robin order (each of the k − 1 rounds is k/2 disjoint column pairs), so the pairs of
/// a round run in parallel; later passes rotate only the pairs that BᵀB, one cross product per pass, still flags. The
/// result does not depend on the number of workers. Cost: MᵀM, M V₀ and the passes' BᵀB as cross products (≈ 3k³
/// flops plus k³ per pass), the eigendecomposition (≈ 9k³) and the sweep (≈ 7k³); 2,100 × 2,100 takes about 20 s
/// on 2 cores (bench probes --least-squares).
/// </para>
/// </summary>
internal static class PreconditionedJacobi
{
    private const int MaxSweeps = 60;

    /// <summary>Decomposes the column-major k×k <paramref name="m"/> (not modified).</summary>
    /// <returns>U (column-major k×k, zero columns for σ = 0), Σ (unsorted, in column order), V (column-major k×k).</returns>
    public static (double[] U, double[] S, double[] V) Compute(double[] m, int k, int workers)
    {
        if ((long)k * k != m.LongLength) throw new ArgumentException($"m has {m.LongLength} values, expected {k}×{k}", nameof(m));
        if (k == 0) return ([], [], []);
        var gram = new double[(long)k * k];
        var cm = MatrixView.ColumnMajor(m, 0, k, k);
        CrossProducts.Accumulate(cm, cm, gram, 0, k, workers, upperOnly: true);
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++) gram[(long)j * k + i] = gram[(long)i * k + j];
        var v = SymmetricEigen.Compute(gram, k, workers).Vectors;
        var b = new double[(long)k * k];
        // b (column-major) column j = M v_j: b[j·k + i] = Σ_r V₀[r, j] M[i, r]; M's storage read row-major is Mᵀ.
        CrossProducts.Accumulate(MatrixView.ColumnMajor(v, 0, k, k), MatrixView.RowMajor(m, 0, k, k), b, 0, k, workers);
        Rotate(b, v, k, workers);
        var s = new double[k];
        for (int j = 0; j < k; j++)
        {
            var col = b.AsSpan((int)((long)j * k), k);
            s[j] = Math.Sqrt(CrossProducts.Dot(col, col));
            if (s[j] > 0) { double inv = 1 / s[j]; for (int i = 0; i < k; i++) col[i] *= inv; }
        }
        return (b, s, v);
    }

    /// <summary>One-sided Jacobi on the columns of <paramref name="b"/>, rotating <paramref name="v"/> along, until every
    /// pair is orthogonal to √k·ε relative to the columns' norms: one round-robin sweep over every pair (after the
    /// preconditioner most pairs still differ from orthogonal by rounding), then passes over only the pairs that the
    /// cross-product matrix BᵀB (one fast product per pass) still finds too far from orthogonal.</summary>
    private static void Rotate(double[] b, double[] v, int k, int workers)
    {
        double tol = Math.Sqrt(k) * Qr.MachineEpsilon;
        var norm2 = new double[k];
        for (int j = 0; j < k; j++) { var c = b.AsSpan((int)((long)j * k), k); norm2[j] = CrossProducts.Dot(c, c); }
        if (RoundRobinSweep(b, v, k, norm2, tol, workers) == 0) return;
        var gram = new double[(long)k * k];
        var view = MatrixView.ColumnMajor(b, 0, k, k);
        for (int pass = 0; pass < MaxSweeps; pass++)
        {
            Array.Clear(gram);
            CrossProducts.Accumulate(view, view, gram, 0, k, workers, upperOnly: true);
            int rotations = 0;
            for (int p = 0; p < k - 1; p++)
            {
                double gpp = gram[(long)p * k + p];
                if (gpp == 0) continue;
                for (int q = p + 1; q < k; q++)
                {
                    double gpq = gram[(long)p * k + q], gqq = gram[(long)q * k + q];
                    if (Math.Abs(gpq) > tol * Math.Sqrt(gpp * gqq) && RotatePair(b, v, k, p, q, norm2, tol)) rotations++;
                }
            }
            if (rotations == 0) return;
        }
        throw new ConcordException($"one-sided Jacobi SVD of a {k}×{k} matrix did not converge in {MaxSweeps} passes");
    }

    /// <summary>Every pair once, in round-robin order: each of the k − 1 rounds is k/2 disjoint pairs, rotated in
    /// parallel. Returns the number of rotations.</summary>
    private static int RoundRobinSweep(double[] b, double[] v, int k, double[] norm2, double tol, int workers)
    {
        int players = k + (k & 1);   // an odd k gets a bye
        var ring = new int[players];
        for (int i = 0; i < players; i++) ring[i] = i;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) };
        int rotations = 0;
        for (int round = 0; round < players - 1; round++)
        {
            int pairs = players / 2;
            int rotatedThisRound = 0;
            void Pair(int i)
            {
                int p = ring[i], q = ring[players - 1 - i];
                if (p > q) (p, q) = (q, p);
                if (q >= k) return;
                if (RotatePair(b, v, k, p, q, norm2, tol)) Interlocked.Increment(ref rotatedThisRound);
            }
            if (workers > 1 && (long)pairs * k >= 32_768)
                Parallel.For(0, pairs, options, Pair);
            else
                for (int i = 0; i < pairs; i++) Pair(i);
            rotations += rotatedThisRound;
            // circle method: position 0 stays, the others move one place round
            int last = ring[players - 1];
            Array.Copy(ring, 1, ring, 2, players - 2);
            ring[1] = last;
        }
        return rotations;
    }

    private static bool RotatePair(double[] b, double[] v, int k, int p, int q, double[] norm2, double tol)
    {
        double alpha = norm2[p], beta = norm2[q];
        if (alpha == 0 || beta == 0) return false;
        var bp = b.AsSpan((int)((long)p * k), k);
        var bq = b.AsSpan((int)((long)q * k), k);
        double gamma = CrossProducts.Dot(bp, bq);
        if (!(Math.Abs(gamma) > tol * Math.Sqrt(alpha * beta))) return false;
        double zeta = (beta - alpha) / (2 * gamma);
        double t = (zeta >= 0 ? 1.0 : -1.0) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
        double cs = 1 / Math.Sqrt(1 + t * t), sn = cs * t;
        Apply(bp, bq, cs, sn);
        Apply(v.AsSpan((int)((long)p * k), k), v.AsSpan((int)((long)q * k), k), cs, sn);
        norm2[p] = CrossProducts.Dot(bp, bp);
        norm2[q] = CrossProducts.Dot(bq, bq);
        return true;
    }

    /// <summary>(x, y) ← (c·x − s·y, s·x + c·y) elementwise.</summary>
    private static void Apply(Span<double> x, Span<double> y, double c, double s)
    {
        var vc = Vector256.Create(c);
        var vs = Vector256.Create(s);
        int i = 0;
        for (; i <= x.Length - 4; i += 4)
        {
            var xi = Vector256.Create((ReadOnlySpan<double>)x.Slice(i, 4));
            var yi = Vector256.Create((ReadOnlySpan<double>)y.Slice(i, 4));
            Vector256.FusedMultiplyAdd(-vs, yi, vc * xi).CopyTo(x.Slice(i, 4));
            Vector256.FusedMultiplyAdd(vs, xi, vc * yi).CopyTo(y.Slice(i, 4));
        }
        for (; i < x.Length; i++)
        {
            double xi = x[i], yi = y[i];
            x[i] = c * xi - s * yi;
            y[i] = s * xi + c * yi;
        }
    }
}
