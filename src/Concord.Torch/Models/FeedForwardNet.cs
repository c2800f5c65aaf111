using Concord.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Concord.Torch.Models;

/// <summary>
/// The feed-forward baseline (METHOD.md §1.2): x.view(B, H·W) (index mel·T + t) → fc1 = Linear(H·W, 120) → BatchNorm1d(120)
/// → ReLU → fc2 = Linear(120, K) (→ softmax when <see cref="ModelOptions.SoftmaxInModel"/>). It has no taps.
/// </summary>
public sealed class FeedForwardNet : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly Linear fc1;
    private readonly BatchNorm1d bn1;
    private readonly Linear fc2;
#pragma warning restore IDE1006
    private readonly bool _softmax;

    public FeedForwardNet(ModelOptions options) : base(nameof(Architecture.FeedForward))
    {
        Options = options;
        fc1 = nn.Linear((long)options.Mels * options.Frames, 120);
        bn1 = nn.BatchNorm1d(120);
        fc2 = nn.Linear(120, options.Outputs);
        _softmax = options.SoftmaxInModel && options.Head == ModelHead.Classification;
        RegisterComponents();
    }

    public ModelOptions Options { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = x.reshape(x.shape[0], (long)Options.Mels * Options.Frames);
        x = fc2.call(nn.functional.relu(bn1.call(fc1.call(x))));
        if (_softmax) x = nn.functional.softmax(x, 1);
        return x.MoveToOuterDisposeScope();
    }
}
