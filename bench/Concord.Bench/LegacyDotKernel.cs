using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Concord.Bench;

/// <summary>
/// The cross-product kernel Concord used before the packed GEMM micro-kernels (commit 57dd727), kept only as the
/// benchmark's baseline so that old and new are timed in the same run: dot products of vectors stored back to back,
/// Vector256 fused multiply-adds in 4×3 register tiles, 256-value k-blocks, 96-column blocks, horizontal sums per tile.
/// </summary>
public static class LegacyDotKernel
{
    private const int TileA = 4, TileB = 3, BlockB = 96, ChunkA = 128, BlockK = 256;

    /// <summary>
    /// <c>c[cOffset + i·ldc + j] += Σ_{k&lt;length} a[aOffset + i·length + k] · b[bOffset + j·length + k]</c> for i &lt; aCount,
    /// j &lt; bCount: <c>a</c> holds aCount vectors of <c>length</c> values back to back, <c>b</c> holds bCount, and <c>c</c> is
    /// row-major with leading dimension <c>ldc</c>. When <c>upperOnly</c> is set (a and b the same vectors), only entries with
    /// j ≥ i are guaranteed; tiles wholly below the diagonal are skipped. Long vectors are processed in blocks of 256
    /// values so that the working set stays in cache; items are spread over <c>threads</c> workers.
    /// </summary>
    public static void AccumulateDots(double[] a, long aOffset, int aCount, double[] b, long bOffset, int bCount, int length,
        double[] c, long cOffset, int ldc, int threads, bool upperOnly = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(aCount);
        ArgumentOutOfRangeException.ThrowIfNegative(bCount);
        if (aOffset + (long)aCount * length > a.Length || bOffset + (long)bCount * length > b.Length)
            throw new ArgumentException("panel shorter than count × length");
        if (aCount == 0 || bCount == 0 || length == 0) return;
        if (ldc < bCount || cOffset + (long)(aCount - 1) * ldc + bCount > c.Length) throw new ArgumentException("accumulator too small");
        int aChunks = (aCount + ChunkA - 1) / ChunkA, bBlocks = (bCount + BlockB - 1) / BlockB;
        int items = aChunks * bBlocks;
        double work = (double)aCount * bCount * length;
        bool parallel = threads > 1 && items > 1 && work >= 4e6;
        var job = new Job(a, aOffset, aCount, b, bOffset, bCount, length, c, cOffset, ldc, upperOnly, bBlocks);
        for (int k0 = 0; k0 < length; k0 += BlockK)
        {
            int kn = Math.Min(BlockK, length - k0);
            if (!parallel) for (int w = 0; w < items; w++) job.Run(w, k0, kn);
            else Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = threads }, w => job.Run(w, k0, kn));
        }
    }

    private sealed record Job(double[] A, long AOffset, int ACount, double[] B, long BOffset, int BCount, int Length,
        double[] C, long COffset, int Ldc, bool UpperOnly, int BBlocks)
    {
        public unsafe void Run(int item, int k0, int kn)
        {
            int i0 = item / BBlocks * ChunkA, i1 = Math.Min(ACount, i0 + ChunkA);
            int j0 = item % BBlocks * BlockB, j1 = Math.Min(BCount, j0 + BlockB);
            if (UpperOnly && j1 <= i0) return;
            int len = Length;
            fixed (double* pa0 = A, pb0 = B, pc = C)
            {
                double* pa = pa0 + AOffset + k0, pb = pb0 + BOffset + k0;
                for (int i = i0; i < i1; i += TileA)
                {
                    int ni = Math.Min(TileA, i1 - i);
                    for (int j = j0; j < j1; j += TileB)
                    {
                        int nj = Math.Min(TileB, j1 - j);
                        if (UpperOnly && j + nj <= i) continue;
                        double* ci = pc + COffset + (long)i * Ldc + j;
                        if (ni == TileA && nj == TileB) Kernel4x3(pa + (long)i * len, pb + (long)j * len, len, kn, ci, Ldc);
                        else
                            for (int ii = 0; ii < ni; ii++)
                                for (int jj = 0; jj < nj; jj++)
                                    ci[(long)ii * Ldc + jj] += DotPtr(pa + (long)(i + ii) * len, pb + (long)(j + jj) * len, kn);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe double DotPtr(double* x, double* y, int n)
    {
        var acc = Vector256<double>.Zero;
        int k = 0;
        for (; k <= n - 4; k += 4) acc = Vector256.FusedMultiplyAdd(Vector256.Load(x + k), Vector256.Load(y + k), acc);
        double s = Vector256.Sum(acc);
        for (; k < n; k++) s += x[k] * y[k];
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel4x3(double* a0, double* b0, int stride, int n, double* c, int ldc)
    {
        double* a1 = a0 + stride, a2 = a1 + stride, a3 = a2 + stride, b1 = b0 + stride, b2 = b1 + stride;
        Vector256<double> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default,
            c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        int k = 0;
        for (; k <= n - 4; k += 4)
        {
            var y0 = Vector256.Load(b0 + k); var y1 = Vector256.Load(b1 + k); var y2 = Vector256.Load(b2 + k);
            var x = Vector256.Load(a0 + k);
            c00 = Vector256.FusedMultiplyAdd(x, y0, c00); c01 = Vector256.FusedMultiplyAdd(x, y1, c01); c02 = Vector256.FusedMultiplyAdd(x, y2, c02);
            x = Vector256.Load(a1 + k);
            c10 = Vector256.FusedMultiplyAdd(x, y0, c10); c11 = Vector256.FusedMultiplyAdd(x, y1, c11); c12 = Vector256.FusedMultiplyAdd(x, y2, c12);
            x = Vector256.Load(a2 + k);
            c20 = Vector256.FusedMultiplyAdd(x, y0, c20); c21 = Vector256.FusedMultiplyAdd(x, y1, c21); c22 = Vector256.FusedMultiplyAdd(x, y2, c22);
            x = Vector256.Load(a3 + k);
            c30 = Vector256.FusedMultiplyAdd(x, y0, c30); c31 = Vector256.FusedMultiplyAdd(x, y1, c31); c32 = Vector256.FusedMultiplyAdd(x, y2, c32);
        }
        double s00 = Vector256.Sum(c00), s01 = Vector256.Sum(c01), s02 = Vector256.Sum(c02), s10 = Vector256.Sum(c10), s11 = Vector256.Sum(c11),
            s12 = Vector256.Sum(c12), s20 = Vector256.Sum(c20), s21 = Vector256.Sum(c21), s22 = Vector256.Sum(c22), s30 = Vector256.Sum(c30),
            s31 = Vector256.Sum(c31), s32 = Vector256.Sum(c32);
        for (; k < n; k++)
        {
            double y0 = b0[k], y1 = b1[k], y2 = b2[k];
            s00 += a0[k] * y0; s01 += a0[k] * y1; s02 += a0[k] * y2;
            s10 += a1[k] * y0; s11 += a1[k] * y1; s12 += a1[k] * y2;
            s20 += a2[k] * y0; s21 += a2[k] * y1; s22 += a2[k] * y2;
            s30 += a3[k] * y0; s31 += a3[k] * y1; s32 += a3[k] * y2;
        }
        c[0] += s00; c[1] += s01; c[2] += s02;
        c += ldc; c[0] += s10; c[1] += s11; c[2] += s12;
        c += ldc; c[0] += s20; c[1] += s21; c[2] += s22;
        c += ldc; c[0] += s30; c[1] += s31; c[2] += s32;
    }
}
