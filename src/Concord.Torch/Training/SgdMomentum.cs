using static TorchSharp.torch;

namespace Concord.Torch.Training;

/// <summary>
/// SGD with momentum exactly as torch.optim.SGD(lr, momentum, dampening=0, nesterov=False, weight_decay=0):
/// b ← g on the first step, else b ← μ·b + g; p ← p − lr·b. Kept here (rather than TorchSharp's optimizer) so the
/// momentum buffers can be checkpointed and restored bit for bit.
/// </summary>
internal sealed class SgdMomentum : IDisposable
{
    private readonly IReadOnlyList<TorchSharp.Modules.Parameter> _params;
    private readonly Tensor?[] _buffers;
    private readonly double _lr;
    private readonly double _momentum;

    public SgdMomentum(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr, double momentum)
    {
        _params = parameters.ToList();
        _buffers = new Tensor?[_params.Count];
        _lr = lr;
        _momentum = momentum;
    }

    public void ZeroGrad()
    {
        foreach (var p in _params)
        {
            var g = p.grad;
            if (g is not null) { g.detach_(); g.zero_(); }
        }
    }

    public void Step()
    {
        using var _ = no_grad();
        for (int i = 0; i < _params.Count; i++)
        {
            var g = _params[i].grad;
            if (g is null) continue;
            if (_buffers[i] is null) _buffers[i] = g.clone().detach().DetachFromDisposeScope();
            else _buffers[i]!.mul_(_momentum).add_(g);
            _params[i].add_(_buffers[i]!, alpha: -_lr);
        }
    }

    /// <summary>The momentum buffers (null before the first step), for checkpointing.</summary>
    public IEnumerable<(string Name, Tensor Value)> State() =>
        _buffers.Select((b, i) => (Name: "momentum/" + i, Value: b)).Where(t => t.Value is not null).Select(t => (t.Name, t.Value!));

    public void Load(IReadOnlyDictionary<string, Tensor> tensors, Device device)
    {
        for (int i = 0; i < _buffers.Length; i++)
            if (tensors.TryGetValue("momentum/" + i, out var t))
            {
                _buffers[i]?.Dispose();
                _buffers[i] = t.to(device).clone().DetachFromDisposeScope();
            }
    }

    public void Dispose()
    {
        foreach (var b in _buffers) b?.Dispose();
    }
}
