using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Concord.Numerics;

/// <summary>
/// Copies a block of a <see cref="MatrixView"/> into the panel layout the micro-kernels read: columns
/// [c0, c0 + count) and rows [k0, k0 + kc) become ⌈count / width⌉ panels of kc × width values, panel q holding
/// column c0 + q·width + r, row k0 + k at <c>dst[q·kc·width + k·width + r]</c>. Columns past <c>count</c> are zero, so
/// edge tiles run the full kernel and add nothing for them. Row-major blocks are copied row by row across all panels;
/// column-major ones are transposed in 8 × 8 register blocks where AVX-512 is available, else in 4 × 4 (AVX). A row-major
/// view's column shifts (<see cref="MatrixView.ColumnShifts"/>) are subtracted as the values are copied.
/// </summary>
internal static class PanelPacker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Pack(in MatrixView v, double* data, int c0, int count, int k0, int kc, int width, double* dst)
    {
        int panels = (count + width - 1) / width;
        long stride = v.Stride, panelSize = (long)kc * width;
        if (v.Order == StorageOrder.RowMajor && v.ColumnShifts is { } shifts)
        {
            fixed (double* s0 = shifts)
                for (int k = 0; k < kc; k++)
                {
                    double* src = data + v.Offset + (k0 + k) * stride + c0, d = dst + (long)k * width, shift = s0 + v.ShiftOffset + c0;
                    for (int q = 0; q < panels; q++, src += width, shift += width, d += panelSize)
                        CopyShiftedRow(src, shift, Math.Min(width, count - q * width), width, d);
                }
        }
        else if (v.Order == StorageOrder.RowMajor)
        {
            // Row by row across all panels: each source row segment is read once, front to back (prefetch-friendly).
            for (int k = 0; k < kc; k++)
            {
                double* src = data + v.Offset + (k0 + k) * stride + c0, d = dst + (long)k * width;
                for (int q = 0; q < panels; q++, src += width, d += panelSize) CopyRow(src, Math.Min(width, count - q * width), width, d);
            }
        }
        else
            for (int q = 0; q < panels; q++)
                Transpose(data + v.Offset + (c0 + (long)q * width) * stride + k0, stride, kc, Math.Min(width, count - q * width), width, dst + q * panelSize);
    }

    /// <summary>dst[r] = src[r] for r &lt; valid, 0 for valid ≤ r &lt; width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CopyRow(double* src, int valid, int width, double* dst)
    {
        int r = 0;
        if (Vector512.IsHardwareAccelerated) for (; r + 8 <= valid; r += 8) Vector512.Store(Vector512.Load(src + r), dst + r);
        for (; r + 4 <= valid; r += 4) Vector256.Store(Vector256.Load(src + r), dst + r);
        for (; r < valid; r++) dst[r] = src[r];
        for (; r < width; r++) dst[r] = 0;
    }

    /// <summary>dst[r] = src[r] − shift[r] for r &lt; valid, 0 for valid ≤ r &lt; width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CopyShiftedRow(double* src, double* shift, int valid, int width, double* dst)
    {
        int r = 0;
        if (Vector512.IsHardwareAccelerated) for (; r + 8 <= valid; r += 8) Vector512.Store(Vector512.Load(src + r) - Vector512.Load(shift + r), dst + r);
        for (; r + 4 <= valid; r += 4) Vector256.Store(Vector256.Load(src + r) - Vector256.Load(shift + r), dst + r);
        for (; r < valid; r++) dst[r] = src[r] - shift[r];
        for (; r < width; r++) dst[r] = 0;
    }

    /// <summary>dst[k·width + r] = src[r·stride + k] for r &lt; valid, 0 for valid ≤ r &lt; width.</summary>
    private static unsafe void Transpose(double* src, long stride, int kc, int valid, int width, double* dst)
    {
        int r0 = 0;
        if (Avx512F.IsSupported)
            for (; r0 + 8 <= valid; r0 += 8)
            {
                int k = 0;
                for (; k + 8 <= kc; k += 8) Transpose8x8(src + r0 * stride + k, stride, dst + (long)k * width + r0, width);
                for (; k < kc; k++)
                    for (int r = r0; r < r0 + 8; r++) dst[(long)k * width + r] = src[r * stride + k];
            }
        else if (Avx.IsSupported)
            for (; r0 + 4 <= valid; r0 += 4)
            {
                int k = 0;
                for (; k + 4 <= kc; k += 4) Transpose4x4(src + r0 * stride + k, stride, dst + (long)k * width + r0, width);
                for (; k < kc; k++)
                    for (int r = r0; r < r0 + 4; r++) dst[(long)k * width + r] = src[r * stride + k];
            }
        for (int r = r0; r < width; r++)
        {
            double* d = dst + r;
            if (r < valid)
            {
                double* s = src + r * stride;
                for (int k = 0; k < kc; k++) d[(long)k * width] = s[k];
            }
            else for (int k = 0; k < kc; k++) d[(long)k * width] = 0;
        }
    }

    /// <summary>The 4 × 4 block s[r·stride + k] (r, k &lt; 4) written as d[k·ld + r] (AVX, for the Vector256 kernel's panels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Transpose4x4(double* s, long stride, double* d, int ld)
    {
        var r0 = Vector256.Load(s); var r1 = Vector256.Load(s + stride); var r2 = Vector256.Load(s + 2 * stride); var r3 = Vector256.Load(s + 3 * stride);
        // Pairs within 128-bit lanes, then the lanes across the two pairs.
        var a0 = Avx.UnpackLow(r0, r1); var a1 = Avx.UnpackHigh(r0, r1); var a2 = Avx.UnpackLow(r2, r3); var a3 = Avx.UnpackHigh(r2, r3);
        Vector256.Store(Avx.Permute2x128(a0, a2, 0x20), d);
        Vector256.Store(Avx.Permute2x128(a1, a3, 0x20), d + ld);
        Vector256.Store(Avx.Permute2x128(a0, a2, 0x31), d + 2 * ld);
        Vector256.Store(Avx.Permute2x128(a1, a3, 0x31), d + 3 * ld);
    }

    /// <summary>The 8 × 8 block s[r·stride + k] (r, k &lt; 8) written as d[k·ld + r].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Transpose8x8(double* s, long stride, double* d, int ld)
    {
        var r0 = Vector512.Load(s); var r1 = Vector512.Load(s + stride); var r2 = Vector512.Load(s + 2 * stride); var r3 = Vector512.Load(s + 3 * stride);
        var r4 = Vector512.Load(s + 4 * stride); var r5 = Vector512.Load(s + 5 * stride); var r6 = Vector512.Load(s + 6 * stride); var r7 = Vector512.Load(s + 7 * stride);
        // Pairs within 128-bit lanes, then 128-bit lanes across pairs of pairs, then across quads.
        var a0 = Avx512F.UnpackLow(r0, r1); var a1 = Avx512F.UnpackHigh(r0, r1); var a2 = Avx512F.UnpackLow(r2, r3); var a3 = Avx512F.UnpackHigh(r2, r3);
        var a4 = Avx512F.UnpackLow(r4, r5); var a5 = Avx512F.UnpackHigh(r4, r5); var a6 = Avx512F.UnpackLow(r6, r7); var a7 = Avx512F.UnpackHigh(r6, r7);
        var b0 = Avx512F.Shuffle4x128(a0, a2, 0x88); var b1 = Avx512F.Shuffle4x128(a0, a2, 0xDD);
        var b2 = Avx512F.Shuffle4x128(a1, a3, 0x88); var b3 = Avx512F.Shuffle4x128(a1, a3, 0xDD);
        var b4 = Avx512F.Shuffle4x128(a4, a6, 0x88); var b5 = Avx512F.Shuffle4x128(a4, a6, 0xDD);
        var b6 = Avx512F.Shuffle4x128(a5, a7, 0x88); var b7 = Avx512F.Shuffle4x128(a5, a7, 0xDD);
        Vector512.Store(Avx512F.Shuffle4x128(b0, b4, 0x88), d);
        Vector512.Store(Avx512F.Shuffle4x128(b2, b6, 0x88), d + ld);
        Vector512.Store(Avx512F.Shuffle4x128(b1, b5, 0x88), d + 2 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(b3, b7, 0x88), d + 3 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(b0, b4, 0xDD), d + 4 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(b2, b6, 0xDD), d + 5 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(b1, b5, 0xDD), d + 6 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(b3, b7, 0xDD), d + 7 * ld);
    }
}
