using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Models;

/// <summary>
/// Direct CPU kernels for the first convolution of every architecture: one input channel, stride 1, no padding, any kernel
/// (kh, kw) and dilation (dh, dw), on contiguous float32 [B, 1, H, W] input. With Ho = H − dh(kh − 1), Wo = W − dw(kw − 1):
/// <code>
/// forward   y[b, o, i, j] = bias[o] + Σ_uv w[o, u, v] · x[b, i + dh·u, j + dw·v]
/// gradients ∂w[o, u, v] = Σ_bij g[b, o, i, j] · x[b, i + dh·u, j + dw·v],   ∂bias[o] = Σ_bij g[b, o, i, j]
/// </code>
/// libtorch 2.10's native convolution unfolds the whole batch (25 copies of the input for a 5 × 5 kernel, 98 MB for a
/// batch of 64 at 128 × 128) and runs a matrix product whose inner dimension is the 25 taps; its weight gradient took
/// 23–27 ms of a Regular training step on the Zen 5 VM (docs/torch.md). Here the taps are read in place, eight outputs at
/// a time (Vector256, fused multiply-adds), images split over <c>torch.get_num_threads()</c> .NET threads.
/// <para>
/// Determinism: the forward values do not depend on the split. The gradients are summed per image (float lanes, in a
/// fixed order) and the images' sums are added in image order in double, then rounded to float once, so they do not
/// depend on the thread count either.
/// </para>
/// </summary>
internal static unsafe class SingleChannelConvKernel
{
    /// <summary>Outputs per vector.</summary>
    private const int Lanes = 8;

    /// <summary>Whether the kernels handle this input and these weights (else the caller uses libtorch's convolution).</summary>
    public static bool Supports(Tensor x, Tensor weight, long[] stride, long[] padding, long groups) =>
        x.device_type == DeviceType.CPU && x.dtype == ScalarType.Float32 && x.dim() == 4 && x.shape[1] == 1
        && weight.dtype == ScalarType.Float32 && weight.dim() == 4 && weight.shape[1] == 1
        && stride.All(s => s == 1) && padding.All(p => p == 0) && groups == 1 && Vector256.IsHardwareAccelerated;

    /// <summary>Output size (Ho, Wo); non-positive when the kernel does not fit.</summary>
    public static (int Ho, int Wo) OutputSize(long h, long w, int kh, int kw, int dh, int dw) =>
        ((int)(h - (long)dh * (kh - 1)), (int)(w - (long)dw * (kw - 1)));

    /// <summary>y = conv(x, w) + bias, [B, O, Ho, Wo].</summary>
    public static Tensor Forward(Tensor input, Tensor weight, Tensor? bias, int dh, int dw)
    {
        using var scope = NewDisposeScope();
        var x = input.contiguous(); var wt = weight.contiguous(); var bt = bias?.contiguous();
        int b = (int)x.shape[0], h = (int)x.shape[2], w = (int)x.shape[3];
        int o = (int)wt.shape[0], kh = (int)wt.shape[2], kw = (int)wt.shape[3];
        var (ho, wo) = OutputSize(h, w, kh, kw, dh, dw);
        var y = empty(new long[] { b, o, ho, wo }, ScalarType.Float32);
        float* xp = (float*)TensorMemory.Data(x), yp = (float*)TensorMemory.Data(y), wp = (float*)TensorMemory.Data(wt);
        float* bp = bt is null ? null : (float*)TensorMemory.Data(bt);
        var offsets = TapOffsets(kh, kw, dh, dw, w);
        KernelThreads.ForRanges(b, (first, last) =>
        {
            for (int image = (int)first; image < last; image++)
            {
                fixed (int* off = offsets)
                {
                    float* xi = xp + (long)image * h * w;
                    int c = 0;
                    for (; c + 5 <= o; c += 5)
                        for (int i = 0; i < ho; i++)
                            ForwardRow5(xi + (long)i * w, off, kh * kw, wp + (long)c * kh * kw, bp is null ? null : bp + c,
                                yp + ((long)image * o + c) * ho * wo + (long)i * wo, (long)ho * wo, wo);
                    for (; c < o; c++)
                    {
                        float* yc = yp + ((long)image * o + c) * ho * wo, wc = wp + (long)c * kh * kw;
                        float bias0 = bp is null ? 0f : bp[c];
                        for (int i = 0; i < ho; i++) ForwardRow(xi + (long)i * w, off, kh * kw, wc, bias0, yc + (long)i * wo, wo);
                    }
                }
            }
        });
        GC.KeepAlive(x); GC.KeepAlive(wt); GC.KeepAlive(bt);
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One output row of five channels at once (planes <paramref name="plane"/> apart, weights taps apart): each tap's
    /// input vector is loaded once for the five. Each output is the same chain as <see cref="ForwardRow"/>'s (bias, then
    /// the taps in order, fused), so the values do not depend on the blocking.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardRow5(float* x, int* off, int taps, float* w, float* bias, float* y, long plane, int wo)
    {
        float* w0 = w, w1 = w + taps, w2 = w + 2 * taps, w3 = w + 3 * taps, w4 = w + 4 * taps;
        var b0 = Vector256.Create(bias is null ? 0f : bias[0]); var b1 = Vector256.Create(bias is null ? 0f : bias[1]);
        var b2 = Vector256.Create(bias is null ? 0f : bias[2]); var b3 = Vector256.Create(bias is null ? 0f : bias[3]);
        var b4 = Vector256.Create(bias is null ? 0f : bias[4]);
        int j = 0;
        for (; j + Lanes <= wo; j += Lanes)
        {
            var a0 = b0; var a1 = b1; var a2 = b2; var a3 = b3; var a4 = b4;
            for (int t = 0; t < taps; t++)
            {
                var v = Vector256.Load(x + off[t] + j);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(w0[t]), v, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Create(w1[t]), v, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Create(w2[t]), v, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Create(w3[t]), v, a3);
                a4 = Vector256.FusedMultiplyAdd(Vector256.Create(w4[t]), v, a4);
            }
            a0.Store(y + j); a1.Store(y + plane + j); a2.Store(y + 2 * plane + j); a3.Store(y + 3 * plane + j); a4.Store(y + 4 * plane + j);
        }
        for (; j < wo; j++)
            for (int c = 0; c < 5; c++)
            {
                float a = bias is null ? 0f : bias[c];
                for (int t = 0; t < taps; t++) a = MathF.FusedMultiplyAdd(w[c * taps + t], x[off[t] + j], a);
                y[c * plane + j] = a;
            }
    }

    /// <summary>One output row of one channel: y[j] = bias + Σ_t w[t] · x[off[t] + j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardRow(float* x, int* off, int taps, float* w, float bias, float* y, int wo)
    {
        int j = 0;
        for (; j + 2 * Lanes <= wo; j += 2 * Lanes)
        {
            var a0 = Vector256.Create(bias); var a1 = a0;
            for (int t = 0; t < taps; t++)
            {
                var wt = Vector256.Create(w[t]);
                float* s = x + off[t] + j;
                a0 = Vector256.FusedMultiplyAdd(wt, Vector256.Load(s), a0);
                a1 = Vector256.FusedMultiplyAdd(wt, Vector256.Load(s + Lanes), a1);
            }
            a0.Store(y + j); a1.Store(y + j + Lanes);
        }
        for (; j + Lanes <= wo; j += Lanes)
        {
            var a = Vector256.Create(bias);
            for (int t = 0; t < taps; t++) a = Vector256.FusedMultiplyAdd(Vector256.Create(w[t]), Vector256.Load(x + off[t] + j), a);
            a.Store(y + j);
        }
        for (; j < wo; j++)
        {
            float a = bias;
            for (int t = 0; t < taps; t++) a = MathF.FusedMultiplyAdd(w[t], x[off[t] + j], a);
            y[j] = a;
        }
    }

    /// <summary>(∂w [O, 1, kh, kw], ∂bias [O] or null) from the output gradient [B, O, Ho, Wo] and the input.</summary>
    public static (Tensor Weight, Tensor? Bias) Gradients(Tensor gradOutput, Tensor input, long[] weightShape, bool withBias, int dh, int dw)
    {
        using var scope = NewDisposeScope();
        var g = gradOutput.contiguous(); var x = input.contiguous();
        int b = (int)x.shape[0], h = (int)x.shape[2], w = (int)x.shape[3];
        int o = (int)weightShape[0], kh = (int)weightShape[2], kw = (int)weightShape[3], taps = kh * kw;
        var (ho, wo) = OutputSize(h, w, kh, kw, dh, dw);
        float* gp = (float*)TensorMemory.Data(g), xp = (float*)TensorMemory.Data(x);
        var offsets = TapOffsets(kh, kw, dh, dw, w);
        // Per image: o × taps weight sums, then o bias sums.
        int per = o * (taps + 1);
        var partial = ArrayPool<double>.Shared.Rent(b * per);
        KernelThreads.ForRanges(b, (first, last) =>
        {
            for (int image = (int)first; image < last; image++)
            {
                fixed (int* off = offsets)
                fixed (double* part = &partial[(long)image * per])
                {
                    float* xi = xp + (long)image * h * w;
                    long plane = (long)ho * wo;
                    float* gi = gp + (long)image * o * plane;
                    int c = 0;
                    for (; c + 2 <= o; c += 2)
                    {
                        int t = 0;
                        for (; t + 5 <= taps; t += 5) TapSums2x5(gi + c * plane, gi + (c + 1) * plane, xi, off + t, ho, wo, w, part + c * taps + t, part + (c + 1) * taps + t);
                        for (; t < taps; t++)
                        {
                            part[c * taps + t] = TapSum(gi + c * plane, xi + off[t], ho, wo, w);
                            part[(c + 1) * taps + t] = TapSum(gi + (c + 1) * plane, xi + off[t], ho, wo, w);
                        }
                    }
                    for (; c < o; c++)
                        for (int t = 0; t < taps; t++) part[c * taps + t] = TapSum(gi + c * plane, xi + off[t], ho, wo, w);
                    for (c = 0; c < o; c++) part[o * taps + c] = PlaneSum(gi + c * plane, ho * wo);
                }
            }
        });
        var gw = KernelThreads.SumOverImages(partial, b, per, 0, o * taps);
        var gb = KernelThreads.SumOverImages(partial, b, per, o * taps, o);
        ArrayPool<double>.Shared.Return(partial);
        GC.KeepAlive(g); GC.KeepAlive(x);
        var weightGrad = tensor(gw).reshape(weightShape).MoveToOuterDisposeScope();
        return (weightGrad, withBias ? tensor(gb).MoveToOuterDisposeScope() : null);
    }

    /// <summary>
    /// <see cref="TapSum"/> for two channels' gradients (g0, g1) and five taps at once: each input vector is loaded once
    /// for both channels, each gradient vector once for the five taps. Each sum is the same chain as TapSum's (two
    /// vectors per step, one more where eight columns remain, the row's last columns in float added in double; lanes
    /// accumulated over the rows in order), so the values do not depend on the blocking.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TapSums2x5(float* g0, float* g1, float* x, int* off, int ho, int wo, int w, double* s0, double* s1)
    {
        Vector256<float> p0 = default, p1 = default, p2 = default, p3 = default, p4 = default;
        Vector256<float> q0 = default, q1 = default, q2 = default, q3 = default, q4 = default;
        Vector256<float> r0 = default, r1 = default, r2 = default, r3 = default, r4 = default;
        Vector256<float> u0 = default, u1 = default, u2 = default, u3 = default, u4 = default;
        Span<double> t0 = stackalloc double[5], t1 = stackalloc double[5];
        t0.Clear(); t1.Clear();
        float* x0 = x + off[0], x1 = x + off[1], x2 = x + off[2], x3 = x + off[3], x4 = x + off[4];
        for (int i = 0; i < ho; i++)
        {
            long gr = (long)i * wo, xr = (long)i * w;
            int j = 0;
            // Eight columns at a time, alternately into p/q and r/u: TapSum's two vectors per step, and where eight
            // columns remain after the last pair, one more into p/q.
            while (j + Lanes <= wo)
            {
                var ga = Vector256.Load(g0 + gr + j); var gb = Vector256.Load(g1 + gr + j);
                var v = Vector256.Load(x0 + xr + j); p0 = Vector256.FusedMultiplyAdd(ga, v, p0); q0 = Vector256.FusedMultiplyAdd(gb, v, q0);
                v = Vector256.Load(x1 + xr + j); p1 = Vector256.FusedMultiplyAdd(ga, v, p1); q1 = Vector256.FusedMultiplyAdd(gb, v, q1);
                v = Vector256.Load(x2 + xr + j); p2 = Vector256.FusedMultiplyAdd(ga, v, p2); q2 = Vector256.FusedMultiplyAdd(gb, v, q2);
                v = Vector256.Load(x3 + xr + j); p3 = Vector256.FusedMultiplyAdd(ga, v, p3); q3 = Vector256.FusedMultiplyAdd(gb, v, q3);
                v = Vector256.Load(x4 + xr + j); p4 = Vector256.FusedMultiplyAdd(ga, v, p4); q4 = Vector256.FusedMultiplyAdd(gb, v, q4);
                j += Lanes;
                if (j + Lanes > wo) break;
                ga = Vector256.Load(g0 + gr + j); gb = Vector256.Load(g1 + gr + j);
                v = Vector256.Load(x0 + xr + j); r0 = Vector256.FusedMultiplyAdd(ga, v, r0); u0 = Vector256.FusedMultiplyAdd(gb, v, u0);
                v = Vector256.Load(x1 + xr + j); r1 = Vector256.FusedMultiplyAdd(ga, v, r1); u1 = Vector256.FusedMultiplyAdd(gb, v, u1);
                v = Vector256.Load(x2 + xr + j); r2 = Vector256.FusedMultiplyAdd(ga, v, r2); u2 = Vector256.FusedMultiplyAdd(gb, v, u2);
                v = Vector256.Load(x3 + xr + j); r3 = Vector256.FusedMultiplyAdd(ga, v, r3); u3 = Vector256.FusedMultiplyAdd(gb, v, u3);
                v = Vector256.Load(x4 + xr + j); r4 = Vector256.FusedMultiplyAdd(ga, v, r4); u4 = Vector256.FusedMultiplyAdd(gb, v, u4);
                j += Lanes;
            }
            for (int k = 0; k < 5; k++)
            {
                float* xk = x + off[k] + xr;
                float tail0 = 0, tail1 = 0;
                for (int jj = j; jj < wo; jj++)
                {
                    tail0 = MathF.FusedMultiplyAdd(g0[gr + jj], xk[jj], tail0);
                    tail1 = MathF.FusedMultiplyAdd(g1[gr + jj], xk[jj], tail1);
                }
                t0[k] += tail0; t1[k] += tail1;
            }
        }
        s0[0] = t0[0] + Vector256.Sum(p0 + r0); s0[1] = t0[1] + Vector256.Sum(p1 + r1); s0[2] = t0[2] + Vector256.Sum(p2 + r2);
        s0[3] = t0[3] + Vector256.Sum(p3 + r3); s0[4] = t0[4] + Vector256.Sum(p4 + r4);
        s1[0] = t1[0] + Vector256.Sum(q0 + u0); s1[1] = t1[1] + Vector256.Sum(q1 + u1); s1[2] = t1[2] + Vector256.Sum(q2 + u2);
        s1[3] = t1[3] + Vector256.Sum(q3 + u3); s1[4] = t1[4] + Vector256.Sum(q4 + u4);
    }

    /// <summary>Σ_ij g[i, j] · x[i·w + j] over an Ho × Wo plane (x one tap's shifted view of an H × W image).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double TapSum(float* g, float* x, int ho, int wo, int w)
    {
        var a0 = Vector256<float>.Zero; var a1 = Vector256<float>.Zero;
        double total = 0;
        for (int i = 0; i < ho; i++)
        {
            float* gi = g + (long)i * wo, xi = x + (long)i * w;
            int j = 0;
            for (; j + 2 * Lanes <= wo; j += 2 * Lanes)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(gi + j), Vector256.Load(xi + j), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(gi + j + Lanes), Vector256.Load(xi + j + Lanes), a1);
            }
            if (j + Lanes <= wo) { a0 = Vector256.FusedMultiplyAdd(Vector256.Load(gi + j), Vector256.Load(xi + j), a0); j += Lanes; }
            float tail = 0;
            for (; j < wo; j++) tail = MathF.FusedMultiplyAdd(gi[j], xi[j], tail);
            total += tail;
        }
        return total + Vector256.Sum(a0 + a1);
    }

    /// <summary>Σ g[0..count): eight float lanes accumulated in order and summed, then the tail added in double (also
    /// <see cref="DirectConvKernel"/>'s bias gradient).</summary>
    internal static double PlaneSum(float* g, int count)
    {
        var a = Vector256<float>.Zero;
        int k = 0;
        for (; k + Lanes <= count; k += Lanes) a += Vector256.Load(g + k);
        double total = Vector256.Sum(a);
        for (; k < count; k++) total += g[k];
        return total;
    }

    /// <summary>Offset of tap (u, v) in an image row-major with width w: dh·u·w + dw·v.</summary>
    private static int[] TapOffsets(int kh, int kw, int dh, int dw, int w)
    {
        var off = new int[kh * kw];
        for (int u = 0; u < kh; u++)
            for (int v = 0; v < kw; v++) off[u * kw + v] = dh * u * w + dw * v;
        return off;
    }
}
