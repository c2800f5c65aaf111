using Concord.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Tests.Models;

/// <summary>
/// <see cref="DirectConv2d"/> against libtorch's Conv2d: the same initialisation; forward values and weight, bias and input
/// gradients within float32 rounding. The single-channel kernel: the first layer of each architecture, odd sizes (vector
/// and scalar tails), channel counts that leave a remainder after its blocks of five and two. The general kernel: the
/// later layers of each architecture, odd channel counts (blocks of four and two), mixed strides, one input channel that
/// needs a gradient, a stride larger than the kernel. The same bits with one, two and three threads; libtorch's own path
/// for what the kernels do not handle.
/// </summary>
public sealed class DirectConv2dTests
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
        var layer = new DirectConv2d(1, outChannels, (kh, kw), (1, 1), (0, 0), (dh, dw));
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

    public static TheoryData<int[]> GeneralCases => new()
    {
        // in, out, kh, kw, sh, sw, ph, pw, dh, dw, H, W
        new[] { 10, 20, 5, 5, 3, 3, 3, 3, 1, 1, 62, 62 },   // Regular / Deformable conv2: 22 × 22, three vectors exactly
        new[] { 20, 30, 5, 5, 2, 2, 0, 0, 1, 1, 11, 11 },   // Regular conv3: 4 × 4 (one vector, half of it past the row)
        new[] { 10, 20, 5, 5, 2, 2, 3, 3, 2, 2, 58, 58 },   // Dilated conv2
        new[] { 20, 30, 5, 5, 2, 2, 1, 1, 1, 1, 14, 14 },   // Dilated conv3
        new[] { 10, 20, 5, 1, 2, 1, 3, 0, 2, 1, 58, 37 },   // Freq1d conv2 (37 columns: groups of three vectors, then one)
        new[] { 10, 20, 1, 5, 1, 2, 0, 3, 1, 2, 21, 58 },   // Time1d conv2
        new[] { 3, 7, 3, 4, 2, 3, 1, 2, 2, 1, 19, 41 },     // odd channels (blocks of four and two), mixed strides
        new[] { 1, 5, 5, 5, 1, 1, 0, 0, 1, 1, 20, 30 },     // one input channel that needs a gradient
        new[] { 6, 5, 2, 3, 4, 5, 0, 4, 3, 1, 23, 50 },     // stride larger than the kernel: input elements no term reads
    };

    [Theory]
    [MemberData(nameof(GeneralCases))]
    public void GeneralKernelMatchesLibtorchsConvolutionWithinFloatRounding(int[] c)
    {
        ConvolutionBackend.Ensure();
        using var scope = NewDisposeScope();
        int cin = c[0], cout = c[1], kh = c[2], kw = c[3], sh = c[4], sw = c[5], ph = c[6], pw = c[7], dh = c[8], dw = c[9], h = c[10], w = c[11];
        manual_seed(3);
        var reference = nn.Conv2d(cin, cout, (kh, kw), stride: (sh, sw), padding: (ph, pw), dilation: (dh, dw));
        manual_seed(3);
        var layer = new DirectConv2d(cin, cout, (kh, kw), (sh, sw), (ph, pw), (dh, dw));
        Assert.True(reference.weight!.equal(layer.weight!).all().item<bool>(), "initial weights differ");

        var gen = new Generator(5);
        var x = randn(new long[] { 3, cin, h, w }, generator: gen);
        var xr = x.clone().requires_grad_(true); var xk = x.clone().requires_grad_(true);
        var expected = reference.call(xr);
        var upstream = randn(expected.shape, generator: gen);
        expected.backward([upstream]);
        // The kernel itself (the module sends outputs narrower than a vector to libtorch; see below).
        var shape = DirectConvKernel.Shape(x.shape, layer.weight!.shape, [sh, sw], [ph, pw], [dh, dw])!;
        var actual = DirectConvFunction.apply(xk, layer.weight!, layer.bias!, shape);
        actual.backward([upstream]);

        AssertClose(expected, actual, 2e-6, "forward");
        AssertClose(reference.weight!.grad!, layer.weight!.grad!, 2e-5, "weight gradient");
        AssertClose(reference.bias!.grad!, layer.bias!.grad!, 2e-5, "bias gradient");
        AssertClose(xr.grad!, xk.grad!, 2e-6, "input gradient");
        using (no_grad()) AssertClose(expected, DirectConvKernel.Forward(x, shape, layer.weight!, layer.bias), 2e-6, "no-grad forward");

        // The module: the kernel's bits where the output has at least eight columns, else libtorch's.
        var routed = layer.call(x.clone().requires_grad_(true));
        AssertClose(shape.Wo >= 8 ? actual : expected, routed, 0, "the module's forward");
    }

    [Theory]
    [InlineData(1, false)]   // the single-channel kernel (conv1)
    [InlineData(10, true)]   // the general kernel with an input gradient (Regular conv2's shape)
    public void GivesTheSameBitsWithOneTwoAndThreeThreads(int inChannels, bool inputGradient)
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var layer = inChannels == 1
            ? new DirectConv2d(1, 10, (5, 5), (1, 1), (0, 0), (1, 1))
            : new DirectConv2d(inChannels, 20, (5, 5), (3, 3), (3, 3), (1, 1));
        var gen = new Generator(6);
        var x = randn(new long[] { 9, inChannels, 40, 53 }, generator: gen);
        var upstream = randn(layer.call(x).shape, generator: gen);
        var runs = new List<Tensor[]>();
        int saved = get_num_threads();
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                set_num_threads(threads);
                layer.zero_grad();
                var input = x.clone().requires_grad_(inputGradient);
                var y = layer.call(input);
                y.backward([upstream]);
                var run = new List<Tensor> { y.detach().clone(), layer.weight!.grad!.clone(), layer.bias!.grad!.clone() };
                if (inputGradient) run.Add(input.grad!.clone());
                runs.Add(run.ToArray());
            }
        }
        finally { set_num_threads(saved); }
        string[] names = ["forward", "weight gradient", "bias gradient", "input gradient"];
        foreach (var run in runs.Skip(1))
            for (int k = 0; k < run.Length; k++)
                Assert.True(runs[0][k].equal(run[k]).all().item<bool>(), names[k]);
    }

    [Fact]
    public void UsesLibtorchForWhatTheKernelsDoNotHandle()
    {
        ConvolutionBackend.Ensure();
        using var scope = NewDisposeScope();
        // Fewer than eight output columns (Regular conv3: 11 × 11 → 4 × 4): libtorch's values, bit for bit.
        manual_seed(8);
        var reference = nn.Conv2d(20, 30, 5, stride: 2);
        manual_seed(8);
        var narrow = new DirectConv2d(20, 30, (5, 5), (2, 2), (0, 0), (1, 1));
        var x = randn(2, 20, 11, 11);
        AssertClose(reference.call(x), narrow.call(x), 0, "four output columns");

        // float64: libtorch's values, bit for bit.
        manual_seed(9);
        var reference64 = nn.Conv2d(3, 4, 3, stride: 2, padding: 1).to(float64);
        manual_seed(9);
        var wide64 = new DirectConv2d(3, 4, (3, 3), (2, 2), (1, 1), (1, 1));
        wide64.to(float64);
        var x64 = randn(new long[] { 2, 3, 30, 30 }, dtype: float64);
        AssertClose(reference64.call(x64), wide64.call(x64), 0, "float64");

        // A kernel one row longer than the padded input: libtorch's error, not an output of one row.
        var tooSmall = new DirectConv2d(3, 4, (5, 5), (2, 2), (1, 1), (1, 1));
        var error = Record.Exception(() => tooSmall.call(randn(2, 3, 2, 30)));
        Assert.NotNull(error);
        Assert.Contains("Kernel size", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void KeepsConv2dsStateDictKeysAndModuleName()
    {
        using var layer = new DirectConv2d(1, 10, (5, 5), (1, 1), (0, 0), (1, 1));
        Assert.Equal(["weight", "bias"], layer.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal("Conv2d", layer.GetName());
    }

    private static void AssertClose(Tensor expected, Tensor actual, double relative, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = expected.abs().max().to(float64).item<double>();
        double diff = (expected - actual).abs().max().to(float64).item<double>();
        Assert.True(diff <= relative * scale, $"{what}: max difference {diff:E3} against scale {scale:E3}");
    }
}
