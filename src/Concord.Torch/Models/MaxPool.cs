using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Models;

/// <summary>
/// <c>torch.nn.MaxPool2d((kh, kw))</c> as the study uses it (window = stride, no padding, floor mode):
/// [B, C, H, W] → [B, C, ⌊H/kh⌋, ⌊W/kw⌋], out[b,c,i,j] = max over the window at (i·kh, j·kw), with the same values and
/// the same argmax on ties (the first maximum in row-major window order), so the gradient goes to the same element.
/// <para>For CPU float32 input with kw ∈ {1, 2} (every pooling layer of the five architectures) it runs
/// <see cref="MaxPoolKernel"/>: libtorch 2.10's generic CPU max-pool is scalar and took ~40 ms for the 64×10×124×124
/// pool1 of one batch, the direct kernel ~5 ms with AVX-512 (the AVX2 path, on a Zen 3 VM under load 30: ~32 ms forward
/// and ~34 ms backward instead of ~140 and ~110 ms scalar). The gradient is a custom autograd function that saves a byte per output
/// (the argmax) instead of libtorch's int64 index. Other inputs use <c>nn.functional.max_pool2d</c>.</para>
/// </summary>
public sealed class MaxPool : nn.Module<Tensor, Tensor>
{
    private readonly int _kh;
    private readonly int _kw;

    /// <param name="kernel">Window and stride, (frequency = rows, time = columns).</param>
    /// <param name="name">Module name.</param>
    public MaxPool((int F, int T) kernel, string name = "MaxPool2d") : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel.F);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel.T);
        (_kh, _kw) = kernel;
    }

    public override Tensor forward(Tensor x)
    {
        if (!MaxPoolKernel.Supports(x, _kh, _kw)) return nn.functional.max_pool2d(x, new long[] { _kh, _kw });
        if (x.requires_grad && is_grad_enabled()) return MaxPoolFunction.apply(x, _kh, _kw);
        return MaxPoolKernel.Forward(x, _kh, _kw, withArgmax: false).Output;
    }
}

/// <summary>The autograd node of <see cref="MaxPool"/>: forward saves the uint8 argmax, backward routes each output's
/// gradient to it (<see cref="MaxPoolKernel.Backward"/>). Arguments: the input tensor, kh, kw.</summary>
internal sealed class MaxPoolFunction : autograd.SingleTensorFunction<MaxPoolFunction>
{
    public override string Name => nameof(MaxPoolFunction);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        int kh = (int)vars[1], kw = (int)vars[2];
        var (output, argmax) = MaxPoolKernel.Forward(x, kh, kw, withArgmax: true);
        ctx.save_for_backward([argmax!]);
        ctx.save_data("shape", x.shape);
        ctx.save_data("kh", kh);
        ctx.save_data("kw", kw);
        return output;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var argmax = ctx.get_saved_variables()[0];
        var grad = MaxPoolKernel.Backward(gradOutput, argmax, (long[])ctx.get_data("shape"), (int)ctx.get_data("kh"), (int)ctx.get_data("kw"));
        return [grad, null!, null!];
    }
}
