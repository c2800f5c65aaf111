using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Models;

/// <summary>
/// The shape of one direct convolution: input [B, Cin, H, W], weight [Cout, Cin, kh, kw], stride (sh, sw), zero padding
/// (ph, pw), dilation (dh, dw); output [B, Cout, Ho, Wo]. Also the layout of the kernels' buffers (see
/// <see cref="DirectConvKernel"/>): the padded input de-interleaved by column phase, and the zero-bordered output gradient.
/// </summary>
internal sealed record DirectConvShape
{
    public const int Lanes = 8;

    public DirectConvShape(int cin, int cout, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw)
    {
        (Cin, Cout, H, W, Kh, Kw, Sh, Sw, Ph, Pw, Dh, Dw) = (cin, cout, h, w, kh, kw, sh, sw, ph, pw, dh, dw);
        Ho = OutputLength(h, ph, kh, sh, dh);
        Wo = OutputLength(w, pw, kw, sw, dw);
        Taps = kh * kw;
        K = cin * Taps;
        Hp = h + 2 * ph;
        Wv = (Wo + Lanes - 1) / Lanes * Lanes;
        QMax = dw * (kw - 1) / sw;
        Mv = ((w + 2 * pw + sw - 1) / sw + Lanes - 1) / Lanes * Lanes;
        Lx = Math.Max(Mv, Wv + QMax);
        XtPerImage = (long)cin * Hp * sw * Lx;
        TopRows = (dh * (kh - 1) + sh - 1) / sh;
        GRows = TopRows + Math.Max(Ho, (Hp + sh - 1) / sh) + 1;
        Lg = QMax + Mv;
        CoutPad = (cout + 3) / 4 * 4;
        CinPad = (cin + 3) / 4 * 4;
    }

    /// <summary>⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1, or 0 when the dilated kernel is longer than the padded input.</summary>
    private static int OutputLength(int n, int p, int k, int s, int d)
    {
        int span = n + 2 * p - d * (k - 1) - 1;
        return span < 0 ? 0 : span / s + 1;
    }

    public int Cin { get; }
    public int Cout { get; }
    public int H { get; }
    public int W { get; }
    public int Kh { get; }
    public int Kw { get; }
    public int Sh { get; }
    public int Sw { get; }
    public int Ph { get; }
    public int Pw { get; }
    public int Dh { get; }
    public int Dw { get; }
    public int Ho { get; }
    public int Wo { get; }
    public int Taps { get; }
    /// <summary>Reduction length of one output: Cin · kh · kw.</summary>
    public int K { get; }
    public int Hp { get; }
    /// <summary>Output columns rounded up to whole vectors.</summary>
    public int Wv { get; }
    /// <summary>Largest column shift of a tap within its phase: ⌊dw(kw − 1) / sw⌋.</summary>
    public int QMax { get; }
    /// <summary>Phase columns that hold input: ⌈(W + 2pw) / sw⌉, rounded up to whole vectors.</summary>
    public int Mv { get; }
    /// <summary>Length of one phase row of the de-interleaved input.</summary>
    public int Lx { get; }
    /// <summary>Floats per image of the de-interleaved input [Cin][Hp][sw][Lx].</summary>
    public long XtPerImage { get; }
    /// <summary>Zero rows above the output gradient in its bordered copy: ⌈dh(kh − 1) / sh⌉.</summary>
    public int TopRows { get; }
    /// <summary>Rows of the bordered output gradient: every ⌊(R − dh·u) / sh⌋ for a padded input row R is inside.</summary>
    public int GRows { get; }
    /// <summary>Row length of the bordered output gradient: QMax zeros, the row, zeros up to Mv.</summary>
    public int Lg { get; }
    public int CoutPad { get; }
    public int CinPad { get; }
}

/// <summary>
/// Direct CPU kernels for a float32 2-D convolution with any stride, zero padding and dilation (groups 1): forward, and the
/// weight, bias and input gradients. libtorch 2.10's native CPU convolution (the one Concord must use where oneDNN fails
/// its check) unfolds each image and multiplies; for conv2 of the Regular network (10 → 20 channels, 5 × 5, stride 3,
/// padding 3, 62 × 62 → 22 × 22) that took 11 ms forward and 23 ms backward per batch of 64 on the Zen 5 VM, against
/// PyTorch 1.13's oneDNN 2 + 9 ms (docs/torch.md, "Speed").
/// <para>
/// The stride along the columns is taken out by de-interleaving: each padded input row is stored as sw phase rows,
/// phase r holding the columns sw·m + r. Output column j of tap (u, v) then reads phase (dw·v) mod sw at m = j +
/// ⌊dw·v / sw⌋, so eight consecutive outputs read eight consecutive floats. Forward and the input gradient are the same
/// micro-kernel: four output channels (or, for the input gradient, four input channels) times three vectors of eight
/// columns, each term one broadcast weight times a vector loaded at a precomputed offset.
/// <code>
/// forward   y[o, i, j]   = bias[o] + Σ_(c,u,v) w[o, c, u, v] · xpad[c, sh·i + dh·u, sw·j + dw·v]
/// ∂w        ∂w[o, c, u, v] = Σ_(b,i,j) g[b, o, i, j] · xpad[b, c, sh·i + dh·u, sw·j + dw·v],  ∂bias[o] = Σ_(b,i,j) g[b, o, i, j]
/// ∂x        ∂xpad[c, R, C] = Σ_o Σ_(u,v: R = sh·i + dh·u, C = sw·j + dw·v) w[o, c, u, v] · g[o, i, j]
/// </code>
/// For ∂x the output gradient is copied with zero borders, so that every term whose (i, j) falls outside the output reads
/// a zero: the terms of an input element then depend only on its row mod sh and its phase, one list per (row class, phase).
/// </para>
/// <para>
/// Determinism: each output and each element of ∂x is one chain of fused multiply-adds in a fixed order (bias, then
/// (c, u, v) in order; for ∂x, (o, u, v) in order), whatever the blocking or the threads. The weight and bias gradients are
/// summed per image in float lanes in a fixed order, the images' sums added in image order in double and rounded to float
/// once, so they do not depend on the thread count either.
/// </para>
/// </summary>
internal static unsafe class DirectConvKernel
{
    private const int Lanes = DirectConvShape.Lanes;
    /// <summary>Floats of slack after every buffer, so that a group of three vectors may run past its last row.</summary>
    private const int Slack = 3 * Lanes;

    /// <summary>Whether the kernels handle this input and these weights (else the caller uses libtorch's convolution).</summary>
    public static bool Supports(Tensor x, Tensor weight, long[] stride, long[]? padding, long groups) =>
        x.device_type == DeviceType.CPU && x.dtype == ScalarType.Float32 && x.dim() == 4
        && weight.device_type == DeviceType.CPU && weight.dtype == ScalarType.Float32 && weight.dim() == 4 && weight.shape[1] == x.shape[1]
        && padding is { Length: 2 } && stride.Length == 2 && groups == 1 && Vector256.IsHardwareAccelerated;

    /// <summary>The shape of this convolution, or null when its output would be empty.</summary>
    public static DirectConvShape? Shape(long[] input, long[] weight, long[] stride, long[] padding, long[] dilation)
    {
        var s = new DirectConvShape((int)input[1], (int)weight[0], (int)input[2], (int)input[3], (int)weight[2], (int)weight[3],
            (int)stride[0], (int)stride[1], (int)padding[0], (int)padding[1], (int)dilation[0], (int)dilation[1]);
        return s.Ho > 0 && s.Wo > 0 ? s : null;
    }

    /// <summary>
    /// One image's padded input de-interleaved by column phase into <paramref name="dst"/> ([Cin][Hp][sw][Lx] floats and
    /// the slack; zeros outside the input). Done per image into a buffer of the thread's own, so it stays in cache.
    /// </summary>
    private static void Deinterleave(float* image, DirectConvShape s, float* dst)
    {
        long rowLength = (long)s.Sw * s.Lx;
        int r0 = s.Pw % s.Sw, m0 = s.Pw / s.Sw;   // input column 0 is padded column pw: phase r0, position m0
        new Span<float>(dst, (int)s.XtPerImage + Slack).Clear();
        for (int c = 0; c < s.Cin; c++)
            for (int row = 0; row < s.H; row++)
            {
                float* sr = image + ((long)c * s.H + row) * s.W;
                float* dr = dst + ((long)c * s.Hp + row + s.Ph) * rowLength;
                if (s.Sw == 1) { Buffer.MemoryCopy(sr, dr + s.Pw, (long)s.W * 4, (long)s.W * 4); continue; }
                float* d = dr + (long)r0 * s.Lx + m0;
                for (int col = 0, r = r0; col < s.W; col++)
                {
                    *d = sr[col];
                    if (++r < s.Sw) d += s.Lx;
                    else { r = 0; d -= (long)(s.Sw - 1) * s.Lx - 1; }
                }
            }
    }

    /// <summary>y = conv(x, w) + bias, [B, Cout, Ho, Wo].</summary>
    public static Tensor Forward(Tensor input, DirectConvShape s, Tensor weight, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        var x = input.contiguous();
        int b = (int)x.shape[0];
        var y = empty(new long[] { b, s.Cout, s.Ho, s.Wo }, ScalarType.Float32);
        // Weights as [Cout/4][K][4] (zeros for the padding channels), biases padded to whole blocks of four.
        var wpk = new float[s.CoutPad * s.K];
        var wdata = weight.contiguous().data<float>().ToArray();
        for (int o = 0; o < s.Cout; o++)
            for (int k = 0; k < s.K; k++) wpk[((o / 4) * s.K + k) * 4 + o % 4] = wdata[o * s.K + k];
        var bpk = new float[s.CoutPad];
        if (bias is not null) bias.contiguous().data<float>().ToArray().CopyTo(bpk, 0);
        var off = XtOffsets(s);
        float* xp = (float*)TensorMemory.Data(x), yp = (float*)TensorMemory.Data(y);
        long rowStep = (long)s.Sh * s.Sw * s.Lx, plane = (long)s.Ho * s.Wo;
        KernelThreads.ForRanges(b, (first, last) =>
        {
            float* tmp = stackalloc float[4 * 3 * Lanes];
            var xtArray = ArrayPool<float>.Shared.Rent((int)s.XtPerImage + Slack);
            fixed (float* xt = xtArray)
            fixed (int* op = off)
            fixed (float* wp = wpk, bp = bpk)
                for (long image = first; image < last; image++)
                {
                    Deinterleave(xp + image * s.Cin * s.H * s.W, s, xt);
                    for (int i = 0; i < s.Ho; i++)
                    {
                        float* src = xt + i * rowStep;
                        for (int ob = 0; ob < s.CoutPad; ob += 4)
                        {
                            int count = Math.Min(4, s.Cout - ob);
                            float* dst = yp + (image * s.Cout + ob) * plane + (long)i * s.Wo;
                            for (int j0 = 0; j0 < s.Wo; )
                            {
                                int vectors = s.Wv - j0 >= 3 * Lanes ? 3 : 1;
                                if (vectors == 3) Block4x3(src + j0, op, wp + (long)ob * s.K, s.K, bp + ob, tmp);
                                else Block4x1(src + j0, op, wp + (long)ob * s.K, s.K, bp + ob, tmp);
                                int width = Math.Min(vectors * Lanes, s.Wo - j0);
                                for (int cc = 0; cc < count; cc++)
                                    Buffer.MemoryCopy(tmp + cc * 3 * Lanes, dst + cc * plane + j0, (long)width * 4, (long)width * 4);
                                j0 += vectors * Lanes;
                            }
                        }
                    }
                }
            ArrayPool<float>.Shared.Return(xtArray);
        });
        GC.KeepAlive(x);
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// (∂x [B, Cin, H, W] or null, ∂w [Cout, Cin, kh, kw], ∂bias [Cout] or null) from the output gradient and the input.
    /// </summary>
    public static (Tensor? Input, Tensor Weight, Tensor? Bias) Backward(Tensor gradOutput, Tensor input, DirectConvShape s, Tensor weight,
        bool inputGradient, bool biasGradient)
    {
        using var scope = NewDisposeScope();
        var g = gradOutput.contiguous(); var x = input.contiguous();
        int b = (int)g.shape[0];
        var dx = inputGradient ? empty(new long[] { b, s.Cin, s.H, s.W }, ScalarType.Float32) : null;
        float* gp = (float*)TensorMemory.Data(g), xp = (float*)TensorMemory.Data(x);
        float* dxp = dx is null ? null : (float*)TensorMemory.Data(dx);
        var xoff = XtOffsets(s);
        // The weight gradient runs in blocks of two output channels × five (c, u, v) terms; K is padded to whole blocks
        // with the offset of term 0 (their sums are dropped).
        int kPad = (s.K + 4) / 5 * 5;
        var xoffPad = new int[kPad];
        for (int k = 0; k < kPad; k++) xoffPad[k] = k < s.K ? xoff[k] : xoff[0];
        var classes = inputGradient ? InputGradientClasses(s, weight) : null;
        int perImage = s.Cout * s.K + s.Cout;
        var partial = ArrayPool<double>.Shared.Rent(b * perImage);
        long gPlane = (long)s.Ho * s.Wo, gzPlane = (long)s.GRows * s.Lg;
        long rowStep = (long)s.Sh * s.Sw * s.Lx;
        KernelThreads.ForRanges(b, (first, last) =>
        {
            var gzArray = ArrayPool<float>.Shared.Rent((int)(s.CoutPad * gzPlane + Slack));
            var xtArray = ArrayPool<float>.Shared.Rent((int)s.XtPerImage + Slack);
            var sums = new double[2 * 5];
            float* tmp = stackalloc float[4 * 3 * Lanes];
            fixed (float* gz = gzArray, xi = xtArray)
            fixed (int* xo = xoffPad)
            fixed (double* part = partial, sp = sums)
            {
                new Span<float>(gz, (int)(s.CoutPad * gzPlane + Slack)).Clear();
                for (long image = first; image < last; image++)
                {
                    // The output gradient with zero borders: row i at TopRows + i, column j at QMax + j.
                    float* gi = gp + image * s.Cout * gPlane;
                    for (int o = 0; o < s.Cout; o++)
                        for (int i = 0; i < s.Ho; i++)
                            Buffer.MemoryCopy(gi + o * gPlane + (long)i * s.Wo, gz + o * gzPlane + (long)(s.TopRows + i) * s.Lg + s.QMax,
                                (long)s.Wo * 4, (long)s.Wo * 4);
                    double* pi = part + image * perImage;
                    Deinterleave(xp + image * s.Cin * s.H * s.W, s, xi);
                    for (int o = 0; o < s.Cout; o += 2)
                    {
                        float* g0 = gz + o * gzPlane + (long)s.TopRows * s.Lg + s.QMax, g1 = g0 + gzPlane;
                        for (int k = 0; k < kPad; k += 5)
                        {
                            WeightSums2x5(g0, g1, xi, xo + k, s.Ho, s.Wv / Lanes, s.Lg, rowStep, sp);
                            for (int t = 0; t < 5 && k + t < s.K; t++)
                            {
                                pi[o * s.K + k + t] = sp[t];
                                if (o + 1 < s.Cout) pi[(o + 1) * s.K + k + t] = sp[5 + t];
                            }
                        }
                    }
                    for (int o = 0; o < s.Cout; o++) pi[s.Cout * s.K + o] = SingleChannelConvKernel.PlaneSum(gi + o * gPlane, (int)gPlane);
                    if (classes is not null) InputGradient(s, classes, gz, dxp + image * s.Cin * s.H * s.W, tmp);
                }
            }
            ArrayPool<float>.Shared.Return(gzArray);
            ArrayPool<float>.Shared.Return(xtArray);
        });
        var gw = KernelThreads.SumOverImages(partial, b, perImage, 0, s.Cout * s.K);
        var gb = KernelThreads.SumOverImages(partial, b, perImage, s.Cout * s.K, s.Cout);
        ArrayPool<double>.Shared.Return(partial);
        GC.KeepAlive(g); GC.KeepAlive(x);
        var weightGrad = tensor(gw).reshape(weight.shape).MoveToOuterDisposeScope();
        return (dx?.MoveToOuterDisposeScope(), weightGrad, biasGradient ? tensor(gb).MoveToOuterDisposeScope() : null);
    }

    /// <summary>
    /// The terms of ∂x for one (input row class ρ = R mod sh, column phase r): offsets into the bordered output gradient
    /// (relative to the row ⌊R / sh⌋ and the phase column m) and the weights, four input channels at a time.
    /// </summary>
    private sealed record GradientClass(int[] Offsets, float[] Weights);

    private static GradientClass[] InputGradientClasses(DirectConvShape s, Tensor weight)
    {
        var w = weight.contiguous().data<float>().ToArray();
        var classes = new GradientClass[s.Sh * s.Sw];
        long gzPlane = (long)s.GRows * s.Lg;
        for (int rho = 0; rho < s.Sh; rho++)
            for (int r = 0; r < s.Sw; r++)
            {
                var terms = new List<(int O, int Tap, int Offset)>();
                for (int o = 0; o < s.Cout; o++)
                    for (int u = 0; u < s.Kh; u++)
                    {
                        if (Mod(rho - s.Dh * u, s.Sh) != 0) continue;
                        int di = (rho - s.Dh * u) / s.Sh;   // exact: i = ⌊R / sh⌋ + di
                        for (int v = 0; v < s.Kw; v++)
                        {
                            if (s.Dw * v % s.Sw != r) continue;
                            int q = s.Dw * v / s.Sw;           // j = m − q
                            terms.Add((o, u * s.Kw + v, (int)(o * gzPlane + (long)(s.TopRows + di) * s.Lg + s.QMax - q)));
                        }
                    }
                var weights = new float[s.CinPad / 4 * terms.Count * 4];
                for (int cb = 0; cb < s.CinPad / 4; cb++)
                    for (int e = 0; e < terms.Count; e++)
                        for (int cc = 0; cc < 4; cc++)
                        {
                            int c = cb * 4 + cc;
                            if (c < s.Cin) weights[(cb * terms.Count + e) * 4 + cc] = w[(terms[e].O * s.Cin + c) * s.Taps + terms[e].Tap];
                        }
                classes[rho * s.Sw + r] = new GradientClass(terms.Select(t => t.Offset).ToArray(), weights);
            }
        return classes;
    }

    private static int Mod(int a, int m) => ((a % m) + m) % m;

    /// <summary>∂x of one image from its bordered output gradient, written to <paramref name="dx"/> [Cin, H, W].</summary>
    private static void InputGradient(DirectConvShape s, GradientClass[] classes, float* gz, float* dx, float* tmp)
    {
        for (int row = 0; row < s.H; row++)
        {
            int pr = row + s.Ph, rho = pr % s.Sh;
            float* gRow = gz + (long)(pr / s.Sh) * s.Lg;
            for (int r = 0; r < s.Sw; r++)
            {
                var cls = classes[rho * s.Sw + r];
                int n = cls.Offsets.Length;
                // Phase columns m with an input column c = sw·m + r − pw in [0, W).
                int mFirst = Math.Max(0, (s.Pw - r + s.Sw - 1) / s.Sw), mEnd = (s.W + s.Pw - r + s.Sw - 1) / s.Sw;
                fixed (int* op = cls.Offsets)
                fixed (float* wp = cls.Weights)
                    for (int cb = 0; cb < s.CinPad; cb += 4)
                    {
                        int count = Math.Min(4, s.Cin - cb);
                        for (int m0 = mFirst; m0 < mEnd; )
                        {
                            int vectors = mEnd - m0 > Lanes ? 3 : 1;
                            if (n == 0) new Span<float>(tmp, 4 * 3 * Lanes).Clear();
                            else if (vectors == 3) Block4x3(gRow + m0, op, wp + (long)(cb / 4) * n * 4, n, null, tmp);
                            else Block4x1(gRow + m0, op, wp + (long)(cb / 4) * n * 4, n, null, tmp);
                            int width = Math.Min(vectors * Lanes, mEnd - m0);
                            for (int cc = 0; cc < count; cc++)
                            {
                                float* d = dx + ((long)(cb + cc) * s.H + row) * s.W;
                                float* t = tmp + cc * 3 * Lanes;
                                for (int m = 0; m < width; m++) d[s.Sw * (m0 + m) + r - s.Pw] = t[m];
                            }
                            m0 += vectors * Lanes;
                        }
                    }
            }
        }
    }

    /// <summary>
    /// Four channels × 24 columns: out[cc, 0..24) = init[cc] + Σ_e w[e, cc] · src[off[e] + 0..24), one fused chain per
    /// column in the order of e. Writes out as [4][24].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x3(float* src, int* off, float* w, int n, float* init, float* outp)
    {
        Vector256<float> a00, a01, a02, a10, a11, a12, a20, a21, a22, a30, a31, a32;
        if (init is null) { a00 = a01 = a02 = a10 = a11 = a12 = a20 = a21 = a22 = a30 = a31 = a32 = Vector256<float>.Zero; }
        else
        {
            a00 = a01 = a02 = Vector256.Create(init[0]); a10 = a11 = a12 = Vector256.Create(init[1]);
            a20 = a21 = a22 = Vector256.Create(init[2]); a30 = a31 = a32 = Vector256.Create(init[3]);
        }
        for (int e = 0; e < n; e++)
        {
            float* p = src + off[e];
            var v0 = Vector256.Load(p); var v1 = Vector256.Load(p + Lanes); var v2 = Vector256.Load(p + 2 * Lanes);
            float* we = w + e * 4;
            var c = Vector256.Create(we[0]);
            a00 = Vector256.FusedMultiplyAdd(c, v0, a00); a01 = Vector256.FusedMultiplyAdd(c, v1, a01); a02 = Vector256.FusedMultiplyAdd(c, v2, a02);
            c = Vector256.Create(we[1]);
            a10 = Vector256.FusedMultiplyAdd(c, v0, a10); a11 = Vector256.FusedMultiplyAdd(c, v1, a11); a12 = Vector256.FusedMultiplyAdd(c, v2, a12);
            c = Vector256.Create(we[2]);
            a20 = Vector256.FusedMultiplyAdd(c, v0, a20); a21 = Vector256.FusedMultiplyAdd(c, v1, a21); a22 = Vector256.FusedMultiplyAdd(c, v2, a22);
            c = Vector256.Create(we[3]);
            a30 = Vector256.FusedMultiplyAdd(c, v0, a30); a31 = Vector256.FusedMultiplyAdd(c, v1, a31); a32 = Vector256.FusedMultiplyAdd(c, v2, a32);
        }
        a00.Store(outp); a01.Store(outp + Lanes); a02.Store(outp + 2 * Lanes);
        a10.Store(outp + 24); a11.Store(outp + 24 + Lanes); a12.Store(outp + 24 + 2 * Lanes);
        a20.Store(outp + 48); a21.Store(outp + 48 + Lanes); a22.Store(outp + 48 + 2 * Lanes);
        a30.Store(outp + 72); a31.Store(outp + 72 + Lanes); a32.Store(outp + 72 + 2 * Lanes);
    }

    /// <summary><see cref="Block4x3"/> for eight columns (the same chain per column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1(float* src, int* off, float* w, int n, float* init, float* outp)
    {
        Vector256<float> a0, a1, a2, a3;
        if (init is null) a0 = a1 = a2 = a3 = Vector256<float>.Zero;
        else { a0 = Vector256.Create(init[0]); a1 = Vector256.Create(init[1]); a2 = Vector256.Create(init[2]); a3 = Vector256.Create(init[3]); }
        for (int e = 0; e < n; e++)
        {
            var v = Vector256.Load(src + off[e]);
            float* we = w + e * 4;
            a0 = Vector256.FusedMultiplyAdd(Vector256.Create(we[0]), v, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.Create(we[1]), v, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.Create(we[2]), v, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.Create(we[3]), v, a3);
        }
        a0.Store(outp); a1.Store(outp + 24); a2.Store(outp + 48); a3.Store(outp + 72);
    }

    /// <summary>
    /// Σ_(i, j) g[i, j] · x[off[t] + i·rowStep + j] for two output channels (g0, g1; rows Lg apart, zeros past Wo) and
    /// five terms t, over Ho rows and <paramref name="vectors"/> vectors per row: sums[0..5) for g0, sums[5..10) for g1.
    /// Each sum accumulates in float lanes in the order (i, j), then the lanes are added in double.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightSums2x5(float* g0, float* g1, float* x, int* off, int ho, int vectors, int lg, long rowStep, double* sums)
    {
        Vector256<float> p0 = default, p1 = default, p2 = default, p3 = default, p4 = default;
        Vector256<float> q0 = default, q1 = default, q2 = default, q3 = default, q4 = default;
        float* x0 = x + off[0], x1 = x + off[1], x2 = x + off[2], x3 = x + off[3], x4 = x + off[4];
        for (int i = 0; i < ho; i++)
        {
            long gr = (long)i * lg, xr = i * rowStep;
            for (int j = 0; j < vectors * Lanes; j += Lanes)
            {
                var ga = Vector256.Load(g0 + gr + j); var gb = Vector256.Load(g1 + gr + j);
                var v = Vector256.Load(x0 + xr + j); p0 = Vector256.FusedMultiplyAdd(ga, v, p0); q0 = Vector256.FusedMultiplyAdd(gb, v, q0);
                v = Vector256.Load(x1 + xr + j); p1 = Vector256.FusedMultiplyAdd(ga, v, p1); q1 = Vector256.FusedMultiplyAdd(gb, v, q1);
                v = Vector256.Load(x2 + xr + j); p2 = Vector256.FusedMultiplyAdd(ga, v, p2); q2 = Vector256.FusedMultiplyAdd(gb, v, q2);
                v = Vector256.Load(x3 + xr + j); p3 = Vector256.FusedMultiplyAdd(ga, v, p3); q3 = Vector256.FusedMultiplyAdd(gb, v, q3);
                v = Vector256.Load(x4 + xr + j); p4 = Vector256.FusedMultiplyAdd(ga, v, p4); q4 = Vector256.FusedMultiplyAdd(gb, v, q4);
            }
        }
        sums[0] = LaneSum(p0); sums[1] = LaneSum(p1); sums[2] = LaneSum(p2); sums[3] = LaneSum(p3); sums[4] = LaneSum(p4);
        sums[5] = LaneSum(q0); sums[6] = LaneSum(q1); sums[7] = LaneSum(q2); sums[8] = LaneSum(q3); sums[9] = LaneSum(q4);
    }

    /// <summary>The eight lanes added in double: lanes l and l + 4, then pairs, then the two halves.</summary>
    private static double LaneSum(Vector256<float> v)
    {
        var (lo, hi) = Vector256.Widen(v);
        return Vector256.Sum(lo + hi);
    }

    /// <summary>
    /// Offset of term k = (c, u, v) in an image's de-interleaved input, relative to output (0, 0): channel c's block,
    /// padded row dh·u, phase (dw·v) mod sw, column ⌊dw·v / sw⌋.
    /// </summary>
    private static int[] XtOffsets(DirectConvShape s)
    {
        var off = new int[s.K];
        for (int c = 0; c < s.Cin; c++)
            for (int u = 0; u < s.Kh; u++)
                for (int v = 0; v < s.Kw; v++)
                    off[(c * s.Kh + u) * s.Kw + v] = (int)((long)c * s.Hp * s.Sw * s.Lx + ((long)s.Dh * u * s.Sw + s.Dw * v % s.Sw) * s.Lx + s.Dw * v / s.Sw);
        return off;
    }
}
