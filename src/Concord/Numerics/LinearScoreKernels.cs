using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Concord.Numerics;

/// <summary>
/// SIMD kernels for linear models over a float32 <see cref="Matrix"/> with few outputs (K ≪ d):
/// the scores Z = X·Wᵀ + b and the weighted row sum G += Rᵀ·X that together make a softmax-regression gradient.
/// Scores keep two rows × four outputs of accumulators in registers per pass over a row pair; the transpose product
/// updates each G chunk once per four rows. In the float32 kernels each output's accumulation order is independent of
/// the other outputs, so several models stacked into one call give the same bits as each alone. Callers split rows across threads with <see cref="RowPartition"/>.
/// The <c>Wide</c> variants widen float32 rows to double and accumulate in double.
/// </summary>
public static class LinearScoreKernels
{
    /// <summary>z[i, k] = Σ_j x[start + i, j] · w[k, j] + b[k] for i in [0, count), k in [0, K), in float32.</summary>
    /// <remarks>
    /// Rows go in pairs and outputs in groups of four (eight accumulators; each loaded weight vector serves both rows).
    /// Every z[i, k] is accumulated the same way wherever it falls (paired row or last odd row, group of four or
    /// remainder): one vector accumulator of FMAs over j in steps of the SIMD width, its horizontal sum, a scalar tail
    /// over the last d mod width columns, then + b[k]. So each output is independent of the others computed alongside,
    /// and several models' weights stacked into one call give bit-identical scores.
    /// </remarks>
    /// <param name="x">[n, d] examples.</param>
    /// <param name="start">First row.</param>
    /// <param name="count">Number of rows.</param>
    /// <param name="w">[K, d] weights, row-major.</param>
    /// <param name="b">[K] biases.</param>
    /// <param name="z">[count, K] output, row-major.</param>
    public static void Scores(Matrix x, int start, int count, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> z)
    {
        int d = x.Cols, k = b.Length;
        CheckScores(w.Length, k, d, z.Length, count);
        int vw = Vector<float>.Count;
        ref float wr = ref MemoryMarshal.GetReference(w);
        int i = 0;
        for (; i + 2 <= count; i += 2)
        {
            ref float xa = ref MemoryMarshal.GetReference(x.Row(start + i));
            ref float xb = ref MemoryMarshal.GetReference(x.Row(start + i + 1));
            int c = 0;
            for (; c + 4 <= k; c += 4)
            {
                ref float w0 = ref Unsafe.Add(ref wr, c * d);
                ref float w1 = ref Unsafe.Add(ref w0, d);
                ref float w2 = ref Unsafe.Add(ref w1, d);
                ref float w3 = ref Unsafe.Add(ref w2, d);
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                Vector<float> b0 = default, b1 = default, b2 = default, b3 = default;
                int j = 0;
                for (; j <= d - vw; j += vw)
                {
                    var xva = Vector.LoadUnsafe(ref xa, (nuint)j);
                    var xvb = Vector.LoadUnsafe(ref xb, (nuint)j);
                    var wv = Vector.LoadUnsafe(ref w0, (nuint)j);
                    a0 = Vector.FusedMultiplyAdd(xva, wv, a0); b0 = Vector.FusedMultiplyAdd(xvb, wv, b0);
                    wv = Vector.LoadUnsafe(ref w1, (nuint)j);
                    a1 = Vector.FusedMultiplyAdd(xva, wv, a1); b1 = Vector.FusedMultiplyAdd(xvb, wv, b1);
                    wv = Vector.LoadUnsafe(ref w2, (nuint)j);
                    a2 = Vector.FusedMultiplyAdd(xva, wv, a2); b2 = Vector.FusedMultiplyAdd(xvb, wv, b2);
                    wv = Vector.LoadUnsafe(ref w3, (nuint)j);
                    a3 = Vector.FusedMultiplyAdd(xva, wv, a3); b3 = Vector.FusedMultiplyAdd(xvb, wv, b3);
                }
                int za = i * k + c, zb = za + k;
                z[za] = Finish(a0, ref xa, ref w0, j, d) + b[c]; z[zb] = Finish(b0, ref xb, ref w0, j, d) + b[c];
                z[za + 1] = Finish(a1, ref xa, ref w1, j, d) + b[c + 1]; z[zb + 1] = Finish(b1, ref xb, ref w1, j, d) + b[c + 1];
                z[za + 2] = Finish(a2, ref xa, ref w2, j, d) + b[c + 2]; z[zb + 2] = Finish(b2, ref xb, ref w2, j, d) + b[c + 2];
                z[za + 3] = Finish(a3, ref xa, ref w3, j, d) + b[c + 3]; z[zb + 3] = Finish(b3, ref xb, ref w3, j, d) + b[c + 3];
            }
            for (; c < k; c++)
            {
                ref float w0 = ref Unsafe.Add(ref wr, c * d);
                Vector<float> a0 = default, b0 = default;
                int j = 0;
                for (; j <= d - vw; j += vw)
                {
                    var wv = Vector.LoadUnsafe(ref w0, (nuint)j);
                    a0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref xa, (nuint)j), wv, a0);
                    b0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref xb, (nuint)j), wv, b0);
                }
                z[i * k + c] = Finish(a0, ref xa, ref w0, j, d) + b[c];
                z[(i + 1) * k + c] = Finish(b0, ref xb, ref w0, j, d) + b[c];
            }
        }
        for (; i < count; i++)
        {
            ref float xr = ref MemoryMarshal.GetReference(x.Row(start + i));
            int c = 0;
            for (; c + 4 <= k; c += 4)
            {
                ref float w0 = ref Unsafe.Add(ref wr, c * d);
                ref float w1 = ref Unsafe.Add(ref w0, d);
                ref float w2 = ref Unsafe.Add(ref w1, d);
                ref float w3 = ref Unsafe.Add(ref w2, d);
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                int j = 0;
                for (; j <= d - vw; j += vw)
                {
                    var xv = Vector.LoadUnsafe(ref xr, (nuint)j);
                    a0 = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref w0, (nuint)j), a0);
                    a1 = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref w1, (nuint)j), a1);
                    a2 = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref w2, (nuint)j), a2);
                    a3 = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref w3, (nuint)j), a3);
                }
                int zi = i * k + c;
                z[zi] = Finish(a0, ref xr, ref w0, j, d) + b[c];
                z[zi + 1] = Finish(a1, ref xr, ref w1, j, d) + b[c + 1];
                z[zi + 2] = Finish(a2, ref xr, ref w2, j, d) + b[c + 2];
                z[zi + 3] = Finish(a3, ref xr, ref w3, j, d) + b[c + 3];
            }
            for (; c < k; c++)
            {
                ref float w0 = ref Unsafe.Add(ref wr, c * d);
                Vector<float> a0 = default;
                int j = 0;
                for (; j <= d - vw; j += vw) a0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref xr, (nuint)j), Vector.LoadUnsafe(ref w0, (nuint)j), a0);
                z[i * k + c] = Finish(a0, ref xr, ref w0, j, d) + b[c];
            }
        }
    }

    /// <summary>One score without its bias: the accumulator's horizontal sum, then x[j]·w[j] added for j in [from, d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish(Vector<float> acc, ref float x, ref float w, int from, int d)
    {
        float s = Vector.Sum(acc);
        for (int j = from; j < d; j++) s += Unsafe.Add(ref x, j) * Unsafe.Add(ref w, j);
        return s;
    }

    /// <summary>g[k, j] += Σ_i r[i, k] · x[start + i, j] for i in [0, count): the transpose product Rᵀ·X_block, float32.</summary>
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
        ref float rr = ref MemoryMarshal.GetReference(r);
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            ref float x0 = ref MemoryMarshal.GetReference(x.Row(start + i));
            ref float x1 = ref MemoryMarshal.GetReference(x.Row(start + i + 1));
            ref float x2 = ref MemoryMarshal.GetReference(x.Row(start + i + 2));
            ref float x3 = ref MemoryMarshal.GetReference(x.Row(start + i + 3));
            ref float r0 = ref Unsafe.Add(ref rr, i * k);
            int j = 0;
            for (; j <= d - vw; j += vw)
            {
                var v0 = Vector.LoadUnsafe(ref x0, (nuint)j);
                var v1 = Vector.LoadUnsafe(ref x1, (nuint)j);
                var v2 = Vector.LoadUnsafe(ref x2, (nuint)j);
                var v3 = Vector.LoadUnsafe(ref x3, (nuint)j);
                for (int c = 0; c < k; c++)
                {
                    ref float gc = ref Unsafe.Add(ref gr, c * d + j);
                    var acc = Vector.LoadUnsafe(ref gc);
                    acc = Vector.FusedMultiplyAdd(v0, new Vector<float>(Unsafe.Add(ref r0, c)), acc);
                    acc = Vector.FusedMultiplyAdd(v1, new Vector<float>(Unsafe.Add(ref r0, k + c)), acc);
                    acc = Vector.FusedMultiplyAdd(v2, new Vector<float>(Unsafe.Add(ref r0, 2 * k + c)), acc);
                    acc = Vector.FusedMultiplyAdd(v3, new Vector<float>(Unsafe.Add(ref r0, 3 * k + c)), acc);
                    acc.StoreUnsafe(ref gc);
                }
            }
            for (; j < d; j++)
                for (int c = 0; c < k; c++)
                    Unsafe.Add(ref gr, c * d + j) += Unsafe.Add(ref r0, c) * Unsafe.Add(ref x0, j) + Unsafe.Add(ref r0, k + c) * Unsafe.Add(ref x1, j)
                        + Unsafe.Add(ref r0, 2 * k + c) * Unsafe.Add(ref x2, j) + Unsafe.Add(ref r0, 3 * k + c) * Unsafe.Add(ref x3, j);
        }
        for (; i < count; i++)
        {
            ReadOnlySpan<float> row = x.Row(start + i);
            ref float xr = ref MemoryMarshal.GetReference(row);
            ref float ri = ref Unsafe.Add(ref rr, i * k);
            int j = 0;
            for (; j <= d - vw; j += vw)
            {
                var xv = Vector.LoadUnsafe(ref xr, (nuint)j);
                for (int c = 0; c < k; c++)
                {
                    ref float gc = ref Unsafe.Add(ref gr, c * d + j);
                    Vector.FusedMultiplyAdd(xv, new Vector<float>(Unsafe.Add(ref ri, c)), Vector.LoadUnsafe(ref gc)).StoreUnsafe(ref gc);
                }
            }
            for (; j < d; j++)
                for (int c = 0; c < k; c++) Unsafe.Add(ref gr, c * d + j) += Unsafe.Add(ref ri, c) * row[j];
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
        CheckScores(w.Length, k, d, z.Length, count);
        int vw = Vector<float>.Count, half = Vector<double>.Count;
        ref double wr = ref MemoryMarshal.GetReference(w);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = x.Row(start + i);
            ref float xr = ref MemoryMarshal.GetReference(row);
            int c = 0;
            for (; c + 4 <= k; c += 4)
            {
                ref double w0 = ref Unsafe.Add(ref wr, c * d);
                ref double w1 = ref Unsafe.Add(ref w0, d);
                ref double w2 = ref Unsafe.Add(ref w1, d);
                ref double w3 = ref Unsafe.Add(ref w2, d);
                Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
                int j = 0;
                for (; j <= d - vw; j += vw)
                {
                    Vector.Widen(Vector.LoadUnsafe(ref xr, (nuint)j), out Vector<double> lo, out Vector<double> hi);
                    nuint o = (nuint)j, oh = (nuint)(j + half);
                    a0 = Vector.FusedMultiplyAdd(lo, Vector.LoadUnsafe(ref w0, o), a0);
                    a1 = Vector.FusedMultiplyAdd(lo, Vector.LoadUnsafe(ref w1, o), a1);
                    a2 = Vector.FusedMultiplyAdd(lo, Vector.LoadUnsafe(ref w2, o), a2);
                    a3 = Vector.FusedMultiplyAdd(lo, Vector.LoadUnsafe(ref w3, o), a3);
                    a0 = Vector.FusedMultiplyAdd(hi, Vector.LoadUnsafe(ref w0, oh), a0);
                    a1 = Vector.FusedMultiplyAdd(hi, Vector.LoadUnsafe(ref w1, oh), a1);
                    a2 = Vector.FusedMultiplyAdd(hi, Vector.LoadUnsafe(ref w2, oh), a2);
                    a3 = Vector.FusedMultiplyAdd(hi, Vector.LoadUnsafe(ref w3, oh), a3);
                }
                double s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
                for (; j < d; j++)
                {
                    double xj = row[j];
                    s0 += xj * Unsafe.Add(ref w0, j); s1 += xj * Unsafe.Add(ref w1, j);
                    s2 += xj * Unsafe.Add(ref w2, j); s3 += xj * Unsafe.Add(ref w3, j);
                }
                z[i * k + c] = s0 + b[c]; z[i * k + c + 1] = s1 + b[c + 1]; z[i * k + c + 2] = s2 + b[c + 2]; z[i * k + c + 3] = s3 + b[c + 3];
            }
            for (; c < k; c++)
            {
                ref double w0 = ref Unsafe.Add(ref wr, c * d);
                Vector<double> a0 = default;
                int j = 0;
                for (; j <= d - vw; j += vw)
                {
                    Vector.Widen(Vector.LoadUnsafe(ref xr, (nuint)j), out Vector<double> lo, out Vector<double> hi);
                    a0 = Vector.FusedMultiplyAdd(lo, Vector.LoadUnsafe(ref w0, (nuint)j), a0);
                    a0 = Vector.FusedMultiplyAdd(hi, Vector.LoadUnsafe(ref w0, (nuint)(j + half)), a0);
                }
                double s0 = Vector.Sum(a0);
                for (; j < d; j++) s0 += row[j] * Unsafe.Add(ref w0, j);
                z[i * k + c] = s0 + b[c];
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
        ref double rr = ref MemoryMarshal.GetReference(r);
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            ref float x0 = ref MemoryMarshal.GetReference(x.Row(start + i));
            ref float x1 = ref MemoryMarshal.GetReference(x.Row(start + i + 1));
            ref float x2 = ref MemoryMarshal.GetReference(x.Row(start + i + 2));
            ref float x3 = ref MemoryMarshal.GetReference(x.Row(start + i + 3));
            ref double r0 = ref Unsafe.Add(ref rr, i * k);
            int j = 0;
            for (; j <= d - vw; j += vw)
            {
                Vector.Widen(Vector.LoadUnsafe(ref x0, (nuint)j), out Vector<double> l0, out Vector<double> h0);
                Vector.Widen(Vector.LoadUnsafe(ref x1, (nuint)j), out Vector<double> l1, out Vector<double> h1);
                Vector.Widen(Vector.LoadUnsafe(ref x2, (nuint)j), out Vector<double> l2, out Vector<double> h2);
                Vector.Widen(Vector.LoadUnsafe(ref x3, (nuint)j), out Vector<double> l3, out Vector<double> h3);
                for (int c = 0; c < k; c++)
                {
                    var c0 = new Vector<double>(Unsafe.Add(ref r0, c));
                    var c1 = new Vector<double>(Unsafe.Add(ref r0, k + c));
                    var c2 = new Vector<double>(Unsafe.Add(ref r0, 2 * k + c));
                    var c3 = new Vector<double>(Unsafe.Add(ref r0, 3 * k + c));
                    ref double gl = ref Unsafe.Add(ref gr, c * d + j);
                    ref double gh = ref Unsafe.Add(ref gl, half);
                    var al = Vector.LoadUnsafe(ref gl);
                    al = Vector.FusedMultiplyAdd(l0, c0, al);
                    al = Vector.FusedMultiplyAdd(l1, c1, al);
                    al = Vector.FusedMultiplyAdd(l2, c2, al);
                    al = Vector.FusedMultiplyAdd(l3, c3, al);
                    al.StoreUnsafe(ref gl);
                    var ah = Vector.LoadUnsafe(ref gh);
                    ah = Vector.FusedMultiplyAdd(h0, c0, ah);
                    ah = Vector.FusedMultiplyAdd(h1, c1, ah);
                    ah = Vector.FusedMultiplyAdd(h2, c2, ah);
                    ah = Vector.FusedMultiplyAdd(h3, c3, ah);
                    ah.StoreUnsafe(ref gh);
                }
            }
            for (; j < d; j++)
                for (int c = 0; c < k; c++)
                    Unsafe.Add(ref gr, c * d + j) += Unsafe.Add(ref r0, c) * Unsafe.Add(ref x0, j) + Unsafe.Add(ref r0, k + c) * Unsafe.Add(ref x1, j)
                        + Unsafe.Add(ref r0, 2 * k + c) * Unsafe.Add(ref x2, j) + Unsafe.Add(ref r0, 3 * k + c) * Unsafe.Add(ref x3, j);
        }
        for (; i < count; i++)
        {
            ReadOnlySpan<float> row = x.Row(start + i);
            ref float xr = ref MemoryMarshal.GetReference(row);
            ref double ri = ref Unsafe.Add(ref rr, i * k);
            int j = 0;
            for (; j <= d - vw; j += vw)
            {
                Vector.Widen(Vector.LoadUnsafe(ref xr, (nuint)j), out Vector<double> lo, out Vector<double> hi);
                for (int c = 0; c < k; c++)
                {
                    var rc = new Vector<double>(Unsafe.Add(ref ri, c));
                    ref double gl = ref Unsafe.Add(ref gr, c * d + j);
                    ref double gh = ref Unsafe.Add(ref gl, half);
                    Vector.FusedMultiplyAdd(lo, rc, Vector.LoadUnsafe(ref gl)).StoreUnsafe(ref gl);
                    Vector.FusedMultiplyAdd(hi, rc, Vector.LoadUnsafe(ref gh)).StoreUnsafe(ref gh);
                }
            }
            for (; j < d; j++)
                for (int c = 0; c < k; c++) Unsafe.Add(ref gr, c * d + j) += Unsafe.Add(ref ri, c) * row[j];
        }
    }

    private static void CheckScores(int wLength, int k, int d, int zLength, int count)
    {
        if (wLength != k * d) throw new ArgumentException($"w has {wLength} values, expected {k}×{d}", "w");
        if (zLength < count * k) throw new ArgumentException($"z has {zLength} values, expected at least {count}×{k}", "z");
    }
}
