using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Concord.Numerics;

/// <summary>
/// SIMD kernels for linear models over a float32 <see cref="Matrix"/> with few outputs (K ≪ d):
/// the scores Z = X·Wᵀ + b and the weighted row sum G += Rᵀ·X that together make a softmax-regression gradient.
/// Both stream each row of X once per call and keep the K×d weights in cache; callers split rows across
/// threads with <see cref="RowPartition"/>.
/// </summary>
public static class LinearScoreKernels
{
    /// <summary>
    /// z[i, k] = Σ_j x[start + i, j] · w[k, j] + b[k] for i in [0, count), k in [0, K).
    /// </summary>
    /// <param name="x">[n, d] examples.</param>
    /// <param name="start">First row.</param>
    /// <param name="count">Number of rows.</param>
    /// <param name="w">[K, d] weights, row-major.</param>
    /// <param name="b">[K] biases.</param>
    /// <param name="z">[count, K] output, row-major.</param>
    public static void Scores(Matrix x, int start, int count, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> z)
    {
        int d = x.Cols, k = b.Length;
        if (w.Length != k * d) throw new ArgumentException($"w has {w.Length} values, expected {k}×{d}", nameof(w));
        if (z.Length < count * k) throw new ArgumentException("z too short", nameof(z));
        int vw = Vector<float>.Count;
        Span<Vector<float>> acc = stackalloc Vector<float>[k];
        ref float wr = ref MemoryMarshal.GetReference(w);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = x.Row(start + i);
            ref float xr = ref MemoryMarshal.GetReference(row);
            acc.Clear();
            int j = 0;
            for (; j <= d - vw; j += vw)
            {
                var xv = Vector.LoadUnsafe(ref xr, (nuint)j);
                for (int c = 0; c < k; c++)
                    acc[c] = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref wr, (nuint)(c * d + j)), acc[c]);
            }
            for (int c = 0; c < k; c++)
            {
                float s = Vector.Sum(acc[c]);
                for (int jj = j; jj < d; jj++) s += row[jj] * Unsafe.Add(ref wr, c * d + jj);
                z[i * k + c] = s + b[c];
            }
        }
    }

    /// <summary>
    /// g[k, j] += Σ_i r[i, k] · x[start + i, j] for i in [0, count): the transpose product Rᵀ·X_block.
    /// </summary>
    /// <param name="x">[n, d] examples.</param>
    /// <param name="start">First row.</param>
    /// <param name="count">Number of rows.</param>
    /// <param name="r">[count, K] row weights, row-major.</param>
    /// <param name="k">K, the number of outputs.</param>
    /// <param name="g">[K, d] accumulator, row-major.</param>
    public static void AccumulateWeightedRows(Matrix x, int start, int count, ReadOnlySpan<float> r, int k, Span<float> g)
    {
        int d = x.Cols;
        if (g.Length != k * d) throw new ArgumentException($"g has {g.Length} values, expected {k}×{d}", nameof(g));
        int vw = Vector<float>.Count;
        ref float gr = ref MemoryMarshal.GetReference(g);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = x.Row(start + i);
            ref float xr = ref MemoryMarshal.GetReference(row);
            ReadOnlySpan<float> ri = r.Slice(i * k, k);
            int j = 0;
            for (; j <= d - vw; j += vw)
            {
                var xv = Vector.LoadUnsafe(ref xr, (nuint)j);
                for (int c = 0; c < k; c++)
                {
                    ref float gc = ref Unsafe.Add(ref gr, c * d + j);
                    Vector.FusedMultiplyAdd(xv, new Vector<float>(ri[c]), Vector.LoadUnsafe(ref gc)).StoreUnsafe(ref gc);
                }
            }
            for (; j < d; j++)
                for (int c = 0; c < k; c++) Unsafe.Add(ref gr, c * d + j) += ri[c] * row[j];
        }
    }

    /// <summary>
    /// Double-precision variant of <see cref="Scores"/>: float32 rows are widened and multiplied with double weights,
    /// accumulated in double (used by the L-BFGS objective, whose line search needs f to ~1e-12 relative).
    /// </summary>
    /// <param name="x">[n, d] examples.</param>
    /// <param name="start">First row.</param>
    /// <param name="count">Number of rows.</param>
    /// <param name="w">[K, d] weights, row-major.</param>
    /// <param name="b">[K] biases.</param>
    /// <param name="z">[count, K] output, row-major.</param>
    public static void ScoresWide(Matrix x, int start, int count, ReadOnlySpan<double> w, ReadOnlySpan<double> b, Span<double> z)
    {
        int d = x.Cols, k = b.Length;
        if (w.Length != k * d) throw new ArgumentException($"w has {w.Length} values, expected {k}×{d}", nameof(w));
        if (z.Length < count * k) throw new ArgumentException("z too short", nameof(z));
        int vw = Vector<float>.Count, half = Vector<double>.Count;
        Span<Vector<double>> acc = stackalloc Vector<double>[k];
        ref double wr = ref MemoryMarshal.GetReference(w);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = x.Row(start + i);
            ref float xr = ref MemoryMarshal.GetReference(row);
            acc.Clear();
            int j = 0;
            for (; j <= d - vw; j += vw)
            {
                Vector.Widen(Vector.LoadUnsafe(ref xr, (nuint)j), out Vector<double> lo, out Vector<double> hi);
                for (int c = 0; c < k; c++)
                {
                    nuint o = (nuint)(c * d + j);
                    acc[c] = Vector.FusedMultiplyAdd(lo, Vector.LoadUnsafe(ref wr, o), acc[c]);
                    acc[c] = Vector.FusedMultiplyAdd(hi, Vector.LoadUnsafe(ref wr, o + (nuint)half), acc[c]);
                }
            }
            for (int c = 0; c < k; c++)
            {
                double s = Vector.Sum(acc[c]);
                for (int jj = j; jj < d; jj++) s += row[jj] * Unsafe.Add(ref wr, c * d + jj);
                z[i * k + c] = s + b[c];
            }
        }
    }

    /// <summary>Double-precision variant of <see cref="AccumulateWeightedRows"/>: g[k, j] += Σ_i r[i, k]·x[start + i, j].</summary>
    /// <param name="x">[n, d] examples.</param>
    /// <param name="start">First row.</param>
    /// <param name="count">Number of rows.</param>
    /// <param name="r">[count, K] row weights, row-major.</param>
    /// <param name="k">K, the number of outputs.</param>
    /// <param name="g">[K, d] accumulator, row-major.</param>
    public static void AccumulateWeightedRowsWide(Matrix x, int start, int count, ReadOnlySpan<double> r, int k, Span<double> g)
    {
        int d = x.Cols;
        if (g.Length != k * d) throw new ArgumentException($"g has {g.Length} values, expected {k}×{d}", nameof(g));
        int vw = Vector<float>.Count, half = Vector<double>.Count;
        ref double gr = ref MemoryMarshal.GetReference(g);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = x.Row(start + i);
            ref float xr = ref MemoryMarshal.GetReference(row);
            ReadOnlySpan<double> ri = r.Slice(i * k, k);
            int j = 0;
            for (; j <= d - vw; j += vw)
            {
                Vector.Widen(Vector.LoadUnsafe(ref xr, (nuint)j), out Vector<double> lo, out Vector<double> hi);
                for (int c = 0; c < k; c++)
                {
                    var rc = new Vector<double>(ri[c]);
                    ref double g0 = ref Unsafe.Add(ref gr, c * d + j);
                    ref double g1 = ref Unsafe.Add(ref g0, half);
                    Vector.FusedMultiplyAdd(lo, rc, Vector.LoadUnsafe(ref g0)).StoreUnsafe(ref g0);
                    Vector.FusedMultiplyAdd(hi, rc, Vector.LoadUnsafe(ref g1)).StoreUnsafe(ref g1);
                }
            }
            for (; j < d; j++)
                for (int c = 0; c < k; c++) Unsafe.Add(ref gr, c * d + j) += ri[c] * row[j];
        }
    }
}
