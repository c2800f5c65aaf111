using Concord.Networks;
using Concord.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Tests.Models;

public sealed class TapShapeTests
{
    // METHOD.md §1.3: conv1 | pool1 | conv2 | pool2 | conv3 as (C,H,W), and fc1's input width.
    [Theory]
    [InlineData(Architecture.Regular, 128, "10,124,124|10,62,62|20,22,22|20,11,11|30,4,4", 480)]
    [InlineData(Architecture.Regular, 176, "10,124,172|10,62,86|20,22,30|20,11,15|30,4,6", 720)]
    [InlineData(Architecture.Deformable, 128, "10,124,124|10,62,62|20,22,22|20,11,11|30,6,6", 1080)]
    [InlineData(Architecture.Deformable, 176, "10,124,172|10,62,86|20,22,30|20,11,15|30,6,8", 1440)]
    [InlineData(Architecture.Dilated, 128, "10,116,116|10,58,58|20,28,28|20,14,14|30,6,6", 1080)]
    [InlineData(Architecture.Dilated, 176, "10,116,164|10,58,82|20,28,40|20,14,20|30,6,9", 1620)]
    [InlineData(Architecture.Freq1d, 128, "10,116,128|10,58,128|20,28,128|20,14,128|30,6,128", 23040)]
    [InlineData(Architecture.Freq1d, 176, "10,116,176|10,58,176|20,28,176|20,14,176|30,6,176", 31680)]
    [InlineData(Architecture.Time1d, 128, "10,128,116|10,128,58|20,128,28|20,128,14|30,128,6", 23040)]
    [InlineData(Architecture.Time1d, 176, "10,128,164|10,128,82|20,128,40|20,128,20|30,128,9", 34560)]
    public void ShapesMatchMethodTable(Architecture arch, int frames, string expected, long fc1)
    {
        var options = new ModelOptions { Architecture = arch, Frames = frames };
        var shapes = ModelShapes.Compute(options);
        var taps = new[] { Tap.Conv1, Tap.Pool1, Tap.Conv2, Tap.Pool2, Tap.Conv3 };
        Assert.Equal(expected, string.Join("|", taps.Select(t => shapes.Of(t).ToString())));
        Assert.Equal(fc1, shapes.Fc1Inputs);

        // The real model's hooked outputs have exactly these shapes.
        using var scope = NewDisposeScope();
        using var net = ModelFactory.Create(options, 1);
        var seen = new Dictionary<string, long[]>();
        var removers = net.named_modules()
            .Where(m => taps.Any(t => t.ToString().Equals(m.name, StringComparison.OrdinalIgnoreCase)))
            .Select(m => ((nn.Module<Tensor, Tensor>)m.module).register_forward_hook((_, _, o) => { seen[m.name] = o.shape; return o; }))
            .ToList();
        net.eval();
        using (no_grad()) net.call(zeros(1, 1, 128, frames));
        foreach (var r in removers) r.remove();
        foreach (var t in taps)
        {
            var s = shapes.Of(t);
            Assert.Equal(new long[] { 1, s.Channels, s.Height, s.Width }, seen[t.ToString().ToLowerInvariant()]);
        }
    }
}
