using Concord.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Concord.Torch.Models;

/// <summary>
/// The five convolutional families (METHOD.md §1.1–1.2):
/// x → pool1(relu(bn1(conv1 x))) → pool2(relu(bn2(conv2 ·))) → relu(bn3(conv3 ·)) → flatten C-order → relu(fc1) → fc2
/// (→ softmax when <see cref="ModelOptions.SoftmaxInModel"/>). Input [B, 1, H = mels, W = frames]; output [B, K] or [B, 1].
/// Children are invoked with <c>.call</c>, so forward hooks on conv1, pool1, conv2, pool2, conv3 fire. Field names equal
/// the authors' state-dict keys (conv1, conv1_bn1, …, fc2). conv1, conv2 and (except in Deformable) conv3 are
/// <see cref="DirectConv2d"/>s: Conv2d's parameters and initialisation, with direct CPU kernels.
/// </summary>
public sealed class ConvNet : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly DirectConv2d conv1;
    private readonly BatchNorm2d conv1_bn1;
    private readonly MaxPool pool1;
    private readonly DirectConv2d conv2;
    private readonly BatchNorm2d conv2_bn2;
    private readonly MaxPool pool2;
    private readonly nn.Module<Tensor, Tensor> conv3;
    private readonly BatchNorm2d conv3_bn3;
    private readonly Linear fc1;
    private readonly Linear fc2;
#pragma warning restore IDE1006
    private readonly bool _softmax;

    /// <summary>Builds the model; parameters use PyTorch's default initialisation from the current torch seed.</summary>
    public ConvNet(ModelOptions options) : base(options.Architecture.ToString())
    {
        ConvolutionBackend.Ensure();
        Options = options;
        Shapes = ModelShapes.Compute(options);
        var (c1, p1, c2, p2, c3) = ModelShapes.Layers(options.Architecture);
        var ch = options.Channels;
        conv1 = new DirectConv2d(1, ch.Conv1, (c1.Kernel.F, c1.Kernel.T), (c1.Stride.F, c1.Stride.T), (c1.Padding.F, c1.Padding.T), (c1.Dilation.F, c1.Dilation.T));
        conv1_bn1 = nn.BatchNorm2d(ch.Conv1);
        pool1 = new MaxPool(p1);
        conv2 = Conv(ch.Conv1, ch.Conv2, c2);
        conv2_bn2 = nn.BatchNorm2d(ch.Conv2);
        pool2 = new MaxPool(p2);
        conv3 = options.Architecture == Architecture.Deformable
            ? new DeformConv2d(ch.Conv2, ch.Conv3, c3.Kernel.F, c3.Stride.F, c3.Padding.F, options.DeformableSampling)
            : Conv(ch.Conv2, ch.Conv3, c3);
        conv3_bn3 = nn.BatchNorm2d(ch.Conv3);
        fc1 = nn.Linear(Shapes.Fc1Inputs, 120);
        fc2 = nn.Linear(120, options.Outputs);
        _softmax = options.SoftmaxInModel && options.Head == ModelHead.Classification;
        RegisterComponents();
    }

    public ModelOptions Options { get; }
    public ModelShapes Shapes { get; }

    private static DirectConv2d Conv(int inC, int outC, ConvLayerSpec s) =>
        new(inC, outC, (s.Kernel.F, s.Kernel.T), (s.Stride.F, s.Stride.T), (s.Padding.F, s.Padding.T), (s.Dilation.F, s.Dilation.T));

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = pool1.call(nn.functional.relu(conv1_bn1.call(conv1.call(x))));
        x = pool2.call(nn.functional.relu(conv2_bn2.call(conv2.call(x))));
        x = nn.functional.relu(conv3_bn3.call(conv3.call(x)));
        x = x.reshape(x.shape[0], Shapes.Fc1Inputs);
        x = fc2.call(nn.functional.relu(fc1.call(x)));
        if (_softmax) x = nn.functional.softmax(x, 1);
        return x.MoveToOuterDisposeScope();
    }
}
