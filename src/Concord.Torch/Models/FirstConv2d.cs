using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Concord.Torch.Models;

/// <summary>
/// <c>torch.nn.Conv2d</c> for a network's first layer: the same parameters (<c>weight</c>, <c>bias</c>, so the same
/// state-dict keys), the same initialisation from the torch random stream, and the same module name. Where its input has
/// one channel, stride 1, no padding and needs no gradient of its own (a batch of spectrograms), forward and the weight
/// and bias gradients run <see cref="SingleChannelConvKernel"/>; anything else runs libtorch's convolution.
/// </summary>
public sealed class FirstConv2d : Convolution
{
    /// <summary>As <c>nn.Conv2d(inChannels, outChannels, kernel, stride, padding, dilation)</c> with zero padding and a bias.</summary>
    public FirstConv2d(long inChannels, long outChannels, (long F, long T) kernel, (long F, long T) stride, (long F, long T) padding, (long F, long T) dilation)
        : base(nameof(Conv2d), inChannels, outChannels, [kernel.F, kernel.T], [stride.F, stride.T], [padding.F, padding.T], null,
            [dilation.F, dilation.T], false, [0, 0], 1, true, PaddingModes.Zeros)
    {
        ConvolutionBackend.Ensure();   // its fallback is libtorch's convolution: never the wrong oneDNN one
    }

    public override Tensor forward(Tensor input)
    {
        var w = weight!;
        if (input.requires_grad || padding is null || !SingleChannelConvKernel.Supports(input, w, stride, padding, groups)
            || SingleChannelConvKernel.OutputSize(input.shape[2], input.shape[3], (int)w.shape[2], (int)w.shape[3], (int)dilation[0], (int)dilation[1]) is var (ho, wo) && (ho <= 0 || wo <= 0))
            return nn.functional.conv2d(input, w, bias, stride, padding, dilation, groups);
        if (is_grad_enabled() && (w.requires_grad || bias is { requires_grad: true }))
            return SingleChannelConvFunction.apply(input, w, bias!, (int)dilation[0], (int)dilation[1]);
        return SingleChannelConvKernel.Forward(input, w, bias, (int)dilation[0], (int)dilation[1]);
    }
}

/// <summary>The autograd node of <see cref="FirstConv2d"/>'s kernel. Arguments: input, weight, bias (or null), dh, dw. The
/// input gradient is never needed (the module uses libtorch's convolution when the input requires one).</summary>
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
