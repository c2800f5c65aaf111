using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Models;

/// <summary>
/// Direct CPU kernels for non-overlapping max pooling of contiguous float32 [B, C, H, W] tensors with window = stride =
/// (kh, kw), kw ∈ {1, 2}, no padding, floor mode: out[p, i, j] = max over r &lt; kh, c &lt; kw of x[p, i·kh + r, j·kw + c].
/// The window is scanned row-major and a value replaces the running maximum when it is greater or NaN, exactly as
/// libtorch's <c>max_pool2d</c> does, so the values and the argmax (the first maximum on ties, the last NaN) are the same.
/// The argmax is kept as one byte per output (r·kw + c). Planes (b, c) are split over <c>torch.get_num_threads()</c> .NET
/// threads; within a row, 16 outputs at a time use AVX-512 (even/odd columns split by a two-source permute) where the CPU
/// has it, else 8 at a time with AVX2 (an in-lane shuffle and a 64-bit permute), scalar code otherwise.
/// </summary>
internal static unsafe class MaxPoolKernel
{
    /// <summary>Whether the direct kernel handles this input and window (else the caller uses libtorch's max_pool2d).</summary>
    public static bool Supports(Tensor x, int kh, int kw) =>
        x.device_type == DeviceType.CPU && x.dtype == ScalarType.Float32 && x.dim() == 4
        && kw is 1 or 2 && kh >= 1 && kh * kw <= byte.MaxValue && x.shape[2] >= kh && x.shape[3] >= kw;

    /// <summary>The pooled [B, C, H/kh, W/kw] tensor and, when <paramref name="withArgmax"/>, the uint8 argmax of each output.</summary>
    public static (Tensor Output, Tensor? Argmax) Forward(Tensor input, int kh, int kw, bool withArgmax)
    {
        using var scope = NewDisposeScope();
        var x = input.contiguous();
        long b = x.shape[0], c = x.shape[1];
        int h = (int)x.shape[2], w = (int)x.shape[3], ho = h / kh, wo = w / kw;
        var y = empty(new long[] { b, c, ho, wo }, ScalarType.Float32);
        var arg = withArgmax ? empty(new long[] { b, c, ho, wo }, ScalarType.Byte) : null;
        float* xp = (float*)TensorMemory.Data(x), yp = (float*)TensorMemory.Data(y);
        byte* ap = arg is null ? null : (byte*)TensorMemory.Data(arg);
        long plane = (long)h * w, oplane = (long)ho * wo;
        KernelThreads.ForRanges(b * c, (p0, p1) =>
        {
            for (long p = p0; p < p1; p++)
                for (int i = 0; i < ho; i++)
                    ForwardRow(xp + p * plane + (long)i * kh * w, w, kh, kw, yp + p * oplane + (long)i * wo, ap is null ? null : ap + p * oplane + (long)i * wo, wo);
        });
        GC.KeepAlive(x);
        return (y.MoveToOuterDisposeScope(), arg?.MoveToOuterDisposeScope());
    }

    /// <summary>∂L/∂x [B, C, H, W]: each output's gradient goes to its argmax; every other element (and the rows and columns
    /// the floor mode drops) is 0.</summary>
    public static Tensor Backward(Tensor gradOutput, Tensor argmax, long[] inputShape, int kh, int kw)
    {
        using var scope = NewDisposeScope();
        var g = gradOutput.contiguous();
        var a = argmax.contiguous();
        long planes = inputShape[0] * inputShape[1];
        int h = (int)inputShape[2], w = (int)inputShape[3], ho = h / kh, wo = w / kw;
        var gin = empty(inputShape, ScalarType.Float32);
        float* gp = (float*)TensorMemory.Data(g), dp = (float*)TensorMemory.Data(gin);
        byte* ap = (byte*)TensorMemory.Data(a);
        long plane = (long)h * w, oplane = (long)ho * wo;
        KernelThreads.ForRanges(planes, (p0, p1) =>
        {
            for (long p = p0; p < p1; p++)
            {
                float* d = dp + p * plane;
                for (int i = 0; i < ho; i++)
                {
                    BackwardRow(gp + p * oplane + (long)i * wo, ap + p * oplane + (long)i * wo, wo, d + (long)i * kh * w, w, kh, kw);
                    if (w > wo * kw)
                        for (int r = 0; r < kh; r++) new Span<float>(d + (long)(i * kh + r) * w + wo * kw, w - wo * kw).Clear();
                }
                if (h > ho * kh) new Span<float>(d + (long)ho * kh * w, (h - ho * kh) * w).Clear();
            }
        });
        GC.KeepAlive(g);
        GC.KeepAlive(a);
        return gin.MoveToOuterDisposeScope();
    }

    private static void ForwardRow(float* x, int w, int kh, int kw, float* y, byte* arg, int wo)
    {
        int j = 0;
        if (Avx512F.IsSupported)
        {
            var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            var odd = even + Vector512<int>.One;
            for (; j + 16 <= wo; j += 16)
            {
                var m = Vector512<float>.Zero;
                var at = Vector512<int>.Zero;
                for (int r = 0; r < kh; r++)
                {
                    float* row = x + (long)r * w;
                    if (kw == 2)
                    {
                        var lo = Vector512.Load(row + 2 * j);
                        var hi = Vector512.Load(row + 2 * j + 16);
                        Take(ref m, ref at, Avx512F.PermuteVar16x32x2(lo, even, hi), 2 * r);
                        Take(ref m, ref at, Avx512F.PermuteVar16x32x2(lo, odd, hi), 2 * r + 1);
                    }
                    else Take(ref m, ref at, Vector512.Load(row + j), r);
                }
                m.Store(y + j);
                if (arg is not null) Avx512F.ConvertToVector128Byte(at).Store(arg + j);
            }
        }
        else if (Avx2.IsSupported)
        {
            for (; j + 8 <= wo; j += 8)
            {
                var m = Vector256<float>.Zero;
                var at = Vector256<int>.Zero;
                for (int r = 0; r < kh; r++)
                {
                    float* row = x + (long)r * w;
                    if (kw == 2)
                    {
                        var lo = Vector256.Load(row + 2 * j);
                        var hi = Vector256.Load(row + 2 * j + 8);
                        Take(ref m, ref at, Deinterleave(lo, hi, EvenColumns), 2 * r);
                        Take(ref m, ref at, Deinterleave(lo, hi, OddColumns), 2 * r + 1);
                    }
                    else Take(ref m, ref at, Vector256.Load(row + j), r);
                }
                m.Store(y + j);
                if (arg is not null)
                {
                    var bytes = Vector256.Narrow(Vector256.Narrow(at, at), Vector256<short>.Zero);
                    *(ulong*)(arg + j) = bytes.AsUInt64().ToScalar();
                }
            }
        }
        for (; j < wo; j++)
        {
            float m = x[j * kw];
            int at = 0;
            for (int r = 0; r < kh; r++)
                for (int c = r == 0 ? 1 : 0; c < kw; c++)
                {
                    float v = x[(long)r * w + j * kw + c];
                    if (v > m || float.IsNaN(v)) { m = v; at = r * kw + c; }
                }
            y[j] = m;
            if (arg is not null) arg[j] = (byte)at;
        }
    }

    /// <summary>Window position <paramref name="position"/> with values <paramref name="v"/>: the first one initialises the
    /// running maximum, later ones replace it where greater or NaN (libtorch's rule).</summary>
    private static void Take(ref Vector512<float> m, ref Vector512<int> at, Vector512<float> v, int position)
    {
        if (position == 0) { m = v; return; }
        var take = Vector512.GreaterThan(v, m) | ~Vector512.Equals(v, v);
        m = Vector512.ConditionalSelect(take, v, m);
        at = Vector512.ConditionalSelect(take.AsInt32(), Vector512.Create(position), at);
    }

    /// <summary>In-lane shuffle controls picking, from (lo, hi), the even or the odd elements: [lo0 lo2 hi0 hi2 | lo4 lo6 hi4 hi6]
    /// (even); <see cref="Deinterleave"/> then puts the 64-bit pairs in order.</summary>
    private const byte EvenColumns = 0b10_00_10_00, OddColumns = 0b11_01_11_01;

    /// <summary>The even (or odd) elements of the 16 floats lo ‖ hi, in order (AVX2).</summary>
    private static Vector256<float> Deinterleave(Vector256<float> lo, Vector256<float> hi, [System.Diagnostics.CodeAnalysis.ConstantExpected] byte control) =>
        Avx2.Permute4x64(Avx.Shuffle(lo, hi, control).AsDouble(), 0b11_01_10_00).AsSingle();

    private static void Take(ref Vector256<float> m, ref Vector256<int> at, Vector256<float> v, int position)
    {
        if (position == 0) { m = v; return; }
        var take = Vector256.GreaterThan(v, m) | ~Vector256.Equals(v, v);
        m = Vector256.ConditionalSelect(take, v, m);
        at = Vector256.ConditionalSelect(take.AsInt32(), Vector256.Create(position), at);
    }

    private static void BackwardRow(float* g, byte* arg, int wo, float* d, int w, int kh, int kw)
    {
        int j = 0;
        if (Avx512F.IsSupported)
        {
            var first = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            var second = first + Vector512.Create(8);
            for (; j + 16 <= wo; j += 16)
            {
                var gv = Vector512.Load(g + j);
                var av = Avx512F.ConvertToVector512Int32(Vector128.Load(arg + j));
                for (int r = 0; r < kh; r++)
                {
                    float* row = d + (long)r * w;
                    if (kw == 2)
                    {
                        var e = Vector512.ConditionalSelect(Vector512.Equals(av, Vector512.Create(2 * r)).AsSingle(), gv, Vector512<float>.Zero);
                        var o = Vector512.ConditionalSelect(Vector512.Equals(av, Vector512.Create(2 * r + 1)).AsSingle(), gv, Vector512<float>.Zero);
                        Avx512F.PermuteVar16x32x2(e, first, o).Store(row + 2 * j);
                        Avx512F.PermuteVar16x32x2(e, second, o).Store(row + 2 * j + 16);
                    }
                    else Vector512.ConditionalSelect(Vector512.Equals(av, Vector512.Create(r)).AsSingle(), gv, Vector512<float>.Zero).Store(row + j);
                }
            }
        }
        else if (Avx2.IsSupported)
        {
            for (; j + 8 <= wo; j += 8)
            {
                var gv = Vector256.Load(g + j);
                var av = Avx2.ConvertToVector256Int32(Vector128.CreateScalar(*(ulong*)(arg + j)).AsByte());
                for (int r = 0; r < kh; r++)
                {
                    float* row = d + (long)r * w;
                    if (kw == 2)
                    {
                        var e = Vector256.ConditionalSelect(Vector256.Equals(av, Vector256.Create(2 * r)).AsSingle(), gv, Vector256<float>.Zero);
                        var o = Vector256.ConditionalSelect(Vector256.Equals(av, Vector256.Create(2 * r + 1)).AsSingle(), gv, Vector256<float>.Zero);
                        // [e0 o0 e1 o1 | e4 o4 e5 o5] and [e2 o2 e3 o3 | e6 o6 e7 o7], then whole 128-bit lanes in order.
                        Vector256<float> low = Avx.UnpackLow(e, o), high = Avx.UnpackHigh(e, o);
                        Avx.Permute2x128(low, high, 0x20).Store(row + 2 * j);
                        Avx.Permute2x128(low, high, 0x31).Store(row + 2 * j + 8);
                    }
                    else Vector256.ConditionalSelect(Vector256.Equals(av, Vector256.Create(r)).AsSingle(), gv, Vector256<float>.Zero).Store(row + j);
                }
            }
        }
        for (; j < wo; j++)
            for (int r = 0; r < kh; r++)
                for (int c = 0; c < kw; c++)
                    d[(long)r * w + j * kw + c] = arg[j] == r * kw + c ? g[j] : 0f;
    }
}
