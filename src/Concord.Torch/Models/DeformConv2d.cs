using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Concord.Torch.Models;

/// <summary>
/// Deformable convolution (DCNv1, no modulation) as the authors used it (4uiiurz1/pytorch-deform-conv-v2 @ 529abbb;
/// METHOD.md §2). Sub-modules keep the authors' names: <c>p_conv</c> = Conv2d(inc, 2·k², 3, padding 1, stride s) with
/// weight 0 and default bias, and <c>conv</c> = Conv2d(inc, outc, k, stride k, no bias).
/// <para>For output (y, x) and tap n = i·k + j, the sampling position is
/// r = 1 + y·s + (i − ⌊(k−1)/2⌋) + Δr_n, c = 1 + x·s + (j − ⌊(k−1)/2⌋) + Δc_n, with Δr = offset[:, 0..N), Δc = offset[:, N..2N);
/// out[o,y,x] = Σ_c Σ_n W[o,c,n]·sample_c(r, c).</para>
/// <see cref="DeformableSampling.PaperClamp"/> reproduces the clamp-and-double border behaviour;
/// <see cref="DeformableSampling.ZeroPad"/> equals <c>torchvision.ops.deform_conv2d(x, Δ+1 interleaved, W, stride=s, padding=(k−1)/2)</c>
/// for padding 0.
/// </summary>
public sealed class DeformConv2d : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly Conv2d p_conv;
    private readonly Conv2d conv;
#pragma warning restore IDE1006
    private readonly int _kernel;
    private readonly int _stride;
    private readonly int _padding;
    private readonly DeformableSampling _sampling;

    public DeformConv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, DeformableSampling sampling, string name = "DeformConv2d")
        : base(name)
    {
        ConvolutionBackend.Ensure();
        _kernel = kernelSize;
        _stride = stride;
        _padding = padding;
        _sampling = sampling;
        conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride: kernelSize, bias: false);
        p_conv = nn.Conv2d(inChannels, 2 * kernelSize * kernelSize, 3, stride: stride, padding: 1);
        using (no_grad()) p_conv.weight!.zero_();
        RegisterComponents();
    }

    public DeformableSampling Sampling => _sampling;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var offset = p_conv.call(x);
        if (_padding > 0) x = nn.functional.pad(x, new long[] { _padding, _padding, _padding, _padding });
        return Apply(x, offset, conv.weight!, _stride, _sampling).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The deformable convolution given explicit offsets: <paramref name="x"/> [B, C, H, W] (already padded),
    /// <paramref name="offset"/> [B, 2N, h, w] (rows first, then columns), <paramref name="weight"/> [O, C, k, k];
    /// returns [B, O, h, w]. Differentiable in all three.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor offset, Tensor weight, int stride, DeformableSampling sampling)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], hIn = x.shape[2], wIn = x.shape[3];
        long outC = weight.shape[0];
        int k = (int)weight.shape[2];
        long n = (long)k * k, h = offset.shape[2], w = offset.shape[3];
        if (offset.shape[1] != 2 * n) throw new ArgumentException($"offset has {offset.shape[1]} channels, expected {2 * n}");
        int lo = (int)Math.Floor(-(k - 1) / 2.0);

        // Base positions p_0 + p_n (hard-coded centre 1 + y·s, taps at i − ⌊(k−1)/2⌋): [N, h, w] for rows and columns.
        var br = new float[n * h * w];
        var bc = new float[n * h * w];
        for (int t = 0; t < n; t++)
            for (int y = 0; y < h; y++)
                for (int xx = 0; xx < w; xx++)
                {
                    long at = (t * h + y) * w + xx;
                    br[at] = 1 + y * stride + (t / k + lo);
                    bc[at] = 1 + xx * stride + (t % k + lo);
                }
        var baseR = tensor(br, new long[] { n, h, w }).to(x.dtype).to(x.device);
        var baseC = tensor(bc, new long[] { n, h, w }).to(x.dtype).to(x.device);
        var pr = offset.narrow(1, 0, n) + baseR;  // [B, N, h, w]
        var pc = offset.narrow(1, n, n) + baseC;

        // Explicit scalars, alive until the end of this method: an implicitly converted Scalar can be finalized by the
        // GC while the native call that uses its handle is still running (seen as "Unknown scalar type").
        using Scalar one = 1.0.ToScalar(), zero = 0.0.ToScalar();
        using Scalar rowMax = ((double)(hIn - 1)).ToScalar(), colMax = ((double)(wIn - 1)).ToScalar(), rowStride = wIn.ToScalar();
        var fr = pr.detach().floor();
        var fc = pc.detach().floor();
        Tensor r0, r1, c0, c1, wr0, wr1, wc0, wc1;
        if (sampling == DeformableSampling.PaperClamp)
        {
            r0 = fr.clamp(zero, rowMax); r1 = fr.add(one).clamp(zero, rowMax);
            c0 = fc.clamp(zero, colMax); c1 = fc.add(one).clamp(zero, colMax);
            var prc = pr.clamp(zero, rowMax);
            var pcc = pc.clamp(zero, colMax);
            wr0 = r0.sub(prc).add(one); wr1 = r1.sub(prc).neg().add(one);
            wc0 = c0.sub(pcc).add(one); wc1 = c1.sub(pcc).neg().add(one);
        }
        else
        {
            r0 = fr; r1 = fr.add(one); c0 = fc; c1 = fc.add(one);
            wr0 = r0.sub(pr).add(one) * Inside(r0, zero, rowMax); wr1 = r1.sub(pr).neg().add(one) * Inside(r1, zero, rowMax);
            wc0 = c0.sub(pc).add(one) * Inside(c0, zero, colMax); wc1 = c1.sub(pc).neg().add(one) * Inside(c1, zero, colMax);
            r0 = r0.clamp(zero, rowMax); r1 = r1.clamp(zero, rowMax);
            c0 = c0.clamp(zero, colMax); c1 = c1.clamp(zero, colMax);
        }

        var flat = x.reshape(b, c, hIn * wIn);
        Tensor Gather(Tensor rows, Tensor cols)
        {
            var index = rows.mul(rowStride).add(cols).to(ScalarType.Int64).reshape(b, 1, n * h * w).expand(b, c, n * h * w);
            return flat.gather(2, index).view(b, c, n, h, w);
        }
        // Summation order of the authors' code: lt + rb + lb + rt.
        var samples = (wr0 * wc0).unsqueeze(1) * Gather(r0, c0)
                    + (wr1 * wc1).unsqueeze(1) * Gather(r1, c1)
                    + (wr0 * wc1).unsqueeze(1) * Gather(r0, c1)
                    + (wr1 * wc0).unsqueeze(1) * Gather(r1, c0);       // [B, C, N, h, w]
        var result = matmul(weight.reshape(outC, c * n), samples.reshape(b, c * n, h * w)).view(b, outC, h, w);
        return result.MoveToOuterDisposeScope();
    }

    private static Tensor Inside(Tensor q, Scalar zero, Scalar max) => q.ge(zero).logical_and(q.le(max)).to(q.dtype);
}
