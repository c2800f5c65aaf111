using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Concord.Torch.Models;

/// <summary>
/// <c>torch.nn.Conv2d</c> with direct CPU kernels: the same parameters (<c>weight</c>, <c>bias</c>, so the same state-dict
/// keys), the same initialisation from the torch random stream, and the same module name. For float32 CPU input with zero
/// padding and groups 1, when the output has at least eight columns (a vector; narrower outputs would waste most of it):
/// <list type="bullet">
/// <item>one input channel, stride 1, no padding, and an input that needs no gradient of its own (a batch of
/// spectrograms): <see cref="SingleChannelConvKernel"/>, which reads the taps in place;</item>
/// <item>otherwise <see cref="DirectConvKernel"/> (any stride, padding and dilation; input gradient when needed).</item>
/// </list>
/// Anything else (another dtype or device, string padding, groups, fewer than eight output columns) runs libtorch's
/// convolution.
/// </summary>
public sealed class DirectConv2d : Convolution
{
    /// <summary>As <c>nn.Conv2d(inChannels, outChannels, kernel, stride, padding, dilation)</c> with zero padding and a bias.</summary>
    public DirectConv2d(long inChannels, long outChannels, (long F, long T) kernel, (long F, long T) stride, (long F, long T) padding, (long F, long T) dilation)
        : base(nameof(Conv2d), inChannels, outChannels, [kernel.F, kernel.T], [stride.F, stride.T], [padding.F, padding.T], null,
            [dilation.F, dilation.T], false, [0, 0], 1, true, PaddingModes.Zeros)
    {
        ConvolutionBackend.Ensure();   // its fallback is libtorch's convolution: never the wrong oneDNN one
    }

    public override Tensor forward(Tensor input)
    {
        var w = weight!;
        if (padding is null || !DirectConvKernel.Supports(input, w, stride, padding, groups)
            || DirectConvKernel.Shape(input.shape, w.shape, stride, padding, dilation) is not { Wo: >= DirectConvShape.Lanes } shape)
            return nn.functional.conv2d(input, w, bias, stride, padding, dilation, groups);
        bool grad = is_grad_enabled() && (input.requires_grad || w.requires_grad || bias is { requires_grad: true });
        if (!input.requires_grad && SingleChannelConvKernel.Supports(input, w, stride, padding, groups))
        {
            if (grad) return SingleChannelConvFunction.apply(input, w, bias!, (int)dilation[0], (int)dilation[1]);
            return SingleChannelConvKernel.Forward(input, w, bias, (int)dilation[0], (int)dilation[1]);
        }
        if (grad) return DirectConvFunction.apply(input, w, bias!, shape);
        return DirectConvKernel.Forward(input, shape, w, bias);
    }
}

/// <summary>The autograd node of <see cref="DirectConvKernel"/>. Arguments: input, weight, bias (or null), the
/// <see cref="DirectConvShape"/>. It saves the input and the weight.</summary>
internal sealed class DirectConvFunction : autograd.SingleTensorFunction<DirectConvFunction>
{
    public override string Name => nameof(DirectConvFunction);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0]; var w = (Tensor)vars[1]; var b = vars[2] as Tensor; var shape = (DirectConvShape)vars[3];
        ctx.save_for_backward([x, w]);
        ctx.save_data("shape", shape);
        ctx.save_data("input", x.requires_grad);
        ctx.save_data("bias", b is not null);
        return DirectConvKernel.Forward(x, shape, w, b);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        var (gx, gw, gb) = DirectConvKernel.Backward(gradOutput, saved[0], (DirectConvShape)ctx.get_data("shape"), saved[1],
            (bool)ctx.get_data("input"), (bool)ctx.get_data("bias"));
        return [gx!, gw, gb!, null!];
    }
}

/// <summary>The autograd node of <see cref="SingleChannelConvKernel"/>. Arguments: input, weight, bias (or null), dh, dw.
/// The input gradient is never needed (the module uses <see cref="DirectConvKernel"/> when the input requires one).</summary>
internal sealed class SingleChannelConvFunction : autograd.SingleTensorFunction<SingleChannelConvFunction>
{
    public override string Name => nameof(SingleChannelConvFunction);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0]; var w = (Tensor)vars[1]; var b = vars[2] as Tensor;
        int dh = (int)vars[3], dw = (int)vars[4];
        ctx.save_for_backward([x]);
        ctx.save_data("weightShape", w.shape);
        ctx.save_data("bias", b is not null);
        ctx.save_data("dh", dh);
        ctx.save_data("dw", dw);
        return SingleChannelConvKernel.Forward(x, w, b, dh, dw);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var x = ctx.get_saved_variables()[0];
        var (gw, gb) = SingleChannelConvKernel.Gradients(gradOutput, x, (long[])ctx.get_data("weightShape"), (bool)ctx.get_data("bias"),
            (int)ctx.get_data("dh"), (int)ctx.get_data("dw"));
        return [null!, gw, gb!, null!, null!];
    }
}
