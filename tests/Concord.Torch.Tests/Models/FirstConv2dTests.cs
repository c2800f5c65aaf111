using Concord.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Tests.Models;

/// <summary>
/// <see cref="FirstConv2d"/> against libtorch's Conv2d: the same initialisation, forward values and weight and bias
/// gradients within float32 rounding, for the first layer of each architecture, odd sizes (vector and scalar tails), and
/// channel counts that leave a remainder after the kernels' blocks of five and two; the same bits with one and two
/// threads; libtorch's own path when the input needs a gradient or the layer is not a single-channel one.
/// </summary>
public sealed class FirstConv2dTests
{
    public static TheoryData<int, int, int, int, int, int, int> Cases => new()
    {
        // out channels, kh, kw, dh, dw, H, W
        { 10, 5, 5, 1, 1, 128, 128 },   // Regular / Deformable conv1 (124 outputs per row: 16-wide blocks and a tail of 12)
        { 10, 5, 5, 3, 3, 40, 45 },     // Dilated
        { 10, 5, 1, 3, 1, 30, 21 },     // Freq1d: 5 × 1, dilation (3, 1)
        { 10, 1, 5, 1, 3, 21, 30 },     // Time1d
        { 7, 3, 4, 2, 1, 19, 37 },      // 7 channels: one block of five, one of two... and the taps: 12 = 2 × 5 + 2
        { 5, 5, 5, 1, 1, 12, 12 },      // Table 10's (5, 10, 10): one block of five; 8 outputs per row, no 16-wide block
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLibtorchsConvolutionWithinFloatRounding(int outChannels, int kh, int kw, int dh, int dw, int h, int w)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var reference = nn.Conv2d(1, outChannels, (kh, kw), dilation: (dh, dw));
        manual_seed(3);
        var layer = new FirstConv2d(1, outChannels, (kh, kw), (1, 1), (0, 0), (dh, dw));
        Assert.True(reference.weight!.equal(layer.weight!).all().item<bool>(), "initial weights differ");
        Assert.True(reference.bias!.equal(layer.bias!).all().item<bool>(), "initial biases differ");

        var gen = new Generator(5);
        var x = randn(new long[] { 3, 1, h, w }, generator: gen);
        var expected = reference.call(x);
        var upstream = randn(expected.shape, generator: gen);
        expected.backward([upstream]);
        var actual = layer.call(x);
        actual.backward([upstream]);

        AssertClose(expected, actual, 2e-6, "forward");
        AssertClose(reference.weight!.grad!, layer.weight!.grad!, 2e-5, "weight gradient");
        AssertClose(reference.bias!.grad!, layer.bias!.grad!, 2e-5, "bias gradient");
        using (no_grad()) AssertClose(expected, layer.call(x), 2e-6, "no-grad forward");
    }

    [Fact]
    public void GivesTheSameBitsWithOneAndTwoThreads()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var layer = new FirstConv2d(1, 10, (5, 5), (1, 1), (0, 0), (1, 1));
        var gen = new Generator(6);
        var x = randn(new long[] { 9, 1, 40, 53 }, generator: gen);
        var upstream = randn(new long[] { 9, 10, 36, 49 }, generator: gen);
        var runs = new List<(Tensor Y, Tensor W, Tensor B)>();
        int saved = get_num_threads();
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                set_num_threads(threads);
                layer.zero_grad();
                var y = layer.call(x);
                y.backward([upstream]);
                runs.Add((y.detach().clone(), layer.weight!.grad!.clone(), layer.bias!.grad!.clone()));
            }
        }
        finally { set_num_threads(saved); }
        foreach (var (y, gw, gb) in runs.Skip(1))
        {
            Assert.True(runs[0].Y.equal(y).all().item<bool>(), "forward");
            Assert.True(runs[0].W.equal(gw).all().item<bool>(), "weight gradient");
            Assert.True(runs[0].B.equal(gb).all().item<bool>(), "bias gradient");
        }
    }

    [Fact]
    public void UsesLibtorchWhenTheInputNeedsAGradientOrHasSeveralChannels()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var layer = new FirstConv2d(1, 4, (3, 3), (1, 1), (0, 0), (1, 1));
        var x = randn(2, 1, 9, 9).requires_grad_(true);
        layer.call(x).sum().backward();
        Assert.NotNull(x.grad);
        // The input gradient of Σ y at a pixel every window position covers is the sum of all the weights.
        Assert.Equal(layer.weight!.sum().item<float>(), x.grad![0, 0, 4, 4].item<float>(), 4);

        manual_seed(8);
        var reference = nn.Conv2d(3, 4, 3);
        manual_seed(8);
        var wide = new FirstConv2d(3, 4, (3, 3), (1, 1), (0, 0), (1, 1));
        var x3 = randn(2, 3, 9, 9);
        AssertClose(reference.call(x3), wide.call(x3), 0, "three input channels");
    }

    [Fact]
    public void KeepsConv2dsStateDictKeysAndModuleName()
    {
        using var layer = new FirstConv2d(1, 10, (5, 5), (1, 1), (0, 0), (1, 1));
        Assert.Equal(["weight", "bias"], layer.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal("Conv2d", layer.GetName());
    }

    private static void AssertClose(Tensor expected, Tensor actual, double relative, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = expected.abs().max().item<float>();
        double diff = (expected - actual).abs().max().item<float>();
        Assert.True(diff <= relative * scale, $"{what}: max difference {diff:E3} against scale {scale:E3}");
    }
}
