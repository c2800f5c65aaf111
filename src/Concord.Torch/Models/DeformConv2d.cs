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
    /// <para>The bilinear sampling is libtorch's <c>grid_sample</c> (bilinear, <c>align_corners=false</c>, so pixel p
    /// maps to the grid coordinate g = (2p + 1)/L − 1 and back exactly up to rounding), which reads the four corners of
    /// all C channels per position and has a fused backward for x and the positions:
    /// <see cref="DeformableSampling.ZeroPad"/> is its <c>zeros</c> padding (corners outside the input count 0), and
    /// <see cref="DeformableSampling.PaperClamp"/> is its <c>border</c> padding (a position outside [0, L−1] reads the edge,
    /// with zero gradient) times 2 per dimension where p &lt; 0 or p ≥ L−1, the authors' clamped corner weights
    /// 1 + (q_lo − p′) and 1 − (q_hi − p′) summing to 2 there. The samples [B, C, N, h·w] are then contracted with the
    /// weight [O, C·N] in one matrix product.</para>
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor offset, Tensor weight, int stride, DeformableSampling sampling)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], hIn = x.shape[2], wIn = x.shape[3];
        long outC = weight.shape[0];
        int k = (int)weight.shape[2];
        long n = (long)k * k, h = offset.shape[2], w = offset.shape[3];
        if (offset.shape[1] != 2 * n) throw new ArgumentException($"offset has {offset.shape[1]} channels, expected {2 * n}");

        // Positions in pixels, [B, N, h, w, 2] with (row, column) last: p = p_0 + p_n + Δ.
        var position = offset.view(b, 2, n, h, w).permute(0, 2, 3, 4, 1) + BasePositions(k, h, w, stride).to(x.dtype).to(x.device);
        // grid_sample's grid is (x = column, y = row), normalised for align_corners = false: g = p·2/L + (1/L − 1).
        var scale = tensor(new[] { 2.0 / wIn, 2.0 / hIn }).to(x.dtype).to(x.device);
        var shift = tensor(new[] { 1.0 / wIn - 1, 1.0 / hIn - 1 }).to(x.dtype).to(x.device);
        var grid = position.flip(-1).mul(scale).add(shift).reshape(b, n, h * w, 2);
        var padding = sampling == DeformableSampling.PaperClamp ? GridSamplePaddingMode.Border : GridSamplePaddingMode.Zeros;
        var samples = nn.functional.grid_sample(x, grid, GridSampleMode.Bilinear, padding, align_corners: false); // [B, C, N, h·w]
        if (sampling == DeformableSampling.PaperClamp)
            samples = samples * ClampDoubling(position, hIn, wIn).view(b, 1, n, h * w);
        var result = matmul(weight.reshape(outC, c * n), samples.reshape(b, c * n, h * w)).view(b, outC, h, w);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>p_0 + p_n in pixels, [N, h, w, 2] (row, column): (1 + y·s + i − ⌊(k−1)/2⌋, 1 + x·s + j − ⌊(k−1)/2⌋), n = i·k + j.</summary>
    private static Tensor BasePositions(int k, long h, long w, int stride)
    {
        int lo = (int)Math.Floor(-(k - 1) / 2.0);
        var data = new double[k * k * h * w * 2];
        for (int t = 0; t < k * k; t++)
            for (long y = 0; y < h; y++)
                for (long xx = 0; xx < w; xx++)
                {
                    long at = ((t * h + y) * w + xx) * 2;
                    data[at] = 1 + y * stride + (t / k + lo);
                    data[at + 1] = 1 + xx * stride + (t % k + lo);
                }
        return tensor(data, new long[] { k * k, h, w, 2 });
    }

    /// <summary>
    /// The paper's border factor, [B, N, h, w], no gradient: Π over (row, column) of 2 where p &lt; 0 or p ≥ L−1, else 1.
    /// </summary>
    private static Tensor ClampDoubling(Tensor position, long hIn, long wIn)
    {
        using var noGrad = no_grad();
        var p = position.detach();
        var limit = tensor(new[] { (double)(hIn - 1), (double)(wIn - 1) }).to(p.dtype).to(p.device);
        using Scalar zero = 0.0.ToScalar(), one = 1.0.ToScalar();
        var outside = p.lt(zero).logical_or(p.ge(limit)).to(p.dtype).add(one); // [B, N, h, w, 2]: 1 or 2
        return outside.prod(-1);
    }
}
