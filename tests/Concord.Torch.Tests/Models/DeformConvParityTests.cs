using Concord.IO;
using Concord.Tests.Infrastructure;
using Concord.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Tests.Models;

/// <summary>Deformable convolution against Reference/torch/deform_*.npy (tests/reference/make_torch.py: the authors'
/// layer ported line by line, and torchvision.ops.deform_conv2d), plus finite-difference gradient checks.</summary>
public sealed class DeformConvParityTests
{
    private static Tensor Load(string name)
    {
        var a = Npy.Read<double>(TestPaths.Reference("torch", name + ".npy"));
        return tensor(a.Data, a.Shape);
    }

    [Theory]
    [InlineData("paper", DeformableSampling.PaperClamp)]
    [InlineData("zeropad", DeformableSampling.ZeroPad)]
    public void ForwardAndGradientsMatchPyTorch(string mode, DeformableSampling sampling)
    {
        using var scope = NewDisposeScope();
        string p = "deform_" + mode + "_";
        var x = Load(p + "x").requires_grad_(true);
        var offset = Load(p + "offset").requires_grad_(true);
        var weight = Load(p + "weight").requires_grad_(true);
        var outp = DeformConv2d.Apply(x, offset, weight, 2, sampling);
        outp.backward([Load(p + "grad_out")]);
        // Tolerance 1e-5 (the issue's); both sides compute in float64, so agreement is ~1e-12 in practice.
        Check(Load(p + "out"), outp, "out");
        Check(Load(p + "grad_x"), x.grad!, "grad_x");
        Check(Load(p + "grad_offset"), offset.grad!, "grad_offset");
        Check(Load(p + "grad_weight"), weight.grad!, "grad_weight");
    }

    private static void Check(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        NumAssert.AllClose(expected.data<double>().ToArray(), actual.detach().contiguous().data<double>().ToArray(), 1e-5, 1e-5, what);
    }

    [Theory]
    [InlineData(DeformableSampling.PaperClamp)]
    [InlineData(DeformableSampling.ZeroPad)]
    public void GradientsMatchFiniteDifferences(DeformableSampling sampling)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(7);
        var x = randn(new long[] { 1, 2, 7, 6 }, dtype: ScalarType.Float64, generator: gen).requires_grad_(true);
        var offset = (randn(new long[] { 1, 18, 4, 3 }, dtype: ScalarType.Float64, generator: gen) * 1.5).requires_grad_(true);
        var weight = randn(new long[] { 2, 2, 3, 3 }, dtype: ScalarType.Float64, generator: gen).requires_grad_(true);
        var g = randn(new long[] { 1, 2, 4, 3 }, dtype: ScalarType.Float64, generator: gen);
        double Loss() { using (no_grad()) return (DeformConv2d.Apply(x, offset, weight, 2, sampling) * g).sum().item<double>(); }
        (DeformConv2d.Apply(x, offset, weight, 2, sampling) * g).sum().backward();
        const double eps = 1e-6;
        int checkedCount = 0;
        foreach (var (leaf, name) in new[] { (x, "x"), (offset, "offset"), (weight, "weight") })
        {
            var grad = leaf.grad!.contiguous().data<double>().ToArray();
            long count = leaf.numel();
            for (long i = 0; i < count; i += Math.Max(1, count / 25))
            {
                var flat = leaf.detach().view(-1);
                double v = flat[i].item<double>();
                using (no_grad()) flat[i] = v + eps;
                double up = Loss();
                using (no_grad()) flat[i] = v - eps;
                double down = Loss();
                using (no_grad()) flat[i] = v;
                double fd = (up - down) / (2 * eps);
                Assert.True(Math.Abs(fd - grad[i]) <= 1e-5 + 1e-4 * Math.Abs(fd), $"{name}[{i}]: autograd {grad[i]} vs finite difference {fd}");
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 40);
    }

    [Fact]
    public void PaperClampDoublesTheBorderWhereZeroPadDoesNot()
    {
        // METHOD.md §2.2: 11×11 ones, ones kernel, zero offsets → 25 inside; the paper layer gives 30..81 on borders.
        using var scope = NewDisposeScope();
        var x = ones(1, 1, 11, 11, dtype: ScalarType.Float64);
        var w = ones(1, 1, 5, 5, dtype: ScalarType.Float64);
        var off = zeros(1, 50, 6, 6, dtype: ScalarType.Float64);
        var paper = DeformConv2d.Apply(x, off, w, 2, DeformableSampling.PaperClamp);
        var zero = DeformConv2d.Apply(x, off, w, 2, DeformableSampling.ZeroPad);
        Assert.Equal(25.0, paper[0, 0, 2, 2].item<double>(), 9);
        Assert.Equal(25.0, zero[0, 0, 2, 2].item<double>(), 9);
        Assert.Equal(81.0, paper[0, 0, 5, 5].item<double>(), 9);
        Assert.True(zero[0, 0, 5, 5].item<double>() < 25.0);
    }
}
