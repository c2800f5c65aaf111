using Concord.Networks;
using Xunit.Abstractions;
using System.Text.Json;
using Concord.IO;
using Concord.Tests.Infrastructure;
using Concord.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Tests.Models;

/// <summary>Every architecture's forward pass with fixed weights against Debian PyTorch 1.13
/// (Reference/torch/arch_*.npy from tests/reference/make_torch.py), in eval and train mode, to 1e-5.</summary>
public sealed class ArchitectureParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Architecture.Regular)]
    [InlineData(Architecture.Deformable)]
    [InlineData(Architecture.Dilated)]
    [InlineData(Architecture.Freq1d)]
    [InlineData(Architecture.Time1d)]
    [InlineData(Architecture.FeedForward)]
    public void ForwardMatchesPyTorch(Architecture arch)
    {
        using var scope = NewDisposeScope();
        string stem = TestPaths.Reference("torch", "arch_" + arch);
        using var meta = JsonDocument.Parse(File.ReadAllText(stem + ".json"));
        var root = meta.RootElement;
        var options = new ModelOptions
        {
            Architecture = arch,
            Mels = root.GetProperty("mels").GetInt32(),
            Frames = root.GetProperty("frames").GetInt32(),
            Classes = root.GetProperty("classes").GetInt32(),
            DeformableSampling = DeformableSampling.PaperClamp,
        };
        using var model = ModelFactory.Create(options, 1);
        var flat = Npy.Read<float>(stem + "_params.npy").Data;
        var state = model.state_dict();
        long at = 0;
        foreach (var name in root.GetProperty("names").EnumerateArray().Select(e => e.GetString()!))
        {
            Assert.True(state.ContainsKey(name), $"model has no state entry '{name}'");
            var t = state[name];
            using (no_grad()) t.copy_(tensor(flat.AsSpan((int)at, (int)t.numel()).ToArray(), t.shape));
            at += t.numel();
        }
        Assert.Equal(flat.Length, at);
        var inArr = Npy.Read<float>(stem + "_input.npy");
        var x = tensor(inArr.Data, inArr.Shape);
        foreach (var (mode, train) in new[] { ("eval", false), ("train", true) })
        {
            model.train(train);
            Tensor y;
            using (no_grad()) y = model.call(x);
            var expected = Npy.Read<float>(stem + "_out_" + mode + ".npy");
            Assert.Equal(expected.Shape, y.shape);
            var actual = y.data<float>().ToArray();
            NumAssert.AllClose(expected.Data, actual, 1e-5, 1e-5, $"{arch} {mode}");
            output.WriteLine($"{arch} {mode}: max |Δ| = {expected.Data.Zip(actual, (e, a) => Math.Abs(e - a)).Max():E2}");
        }
    }
}
