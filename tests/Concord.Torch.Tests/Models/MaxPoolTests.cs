using Concord.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Tests.Models;

/// <summary>
/// <see cref="MaxPool"/> against libtorch's own max_pool2d: bit-identical values and input gradients, for the three window
/// shapes of the architectures, sizes that leave vector and scalar tails and dropped rows/columns, many ties (where the
/// argmax rule decides who gets the gradient), ±∞ and NaN, one and two threads, with and without autograd.
/// </summary>
public sealed class MaxPoolTests
{
    public static TheoryData<int, int, int, int> Cases => new()
    {
        { 2, 2, 124, 124 },   // Regular/Deformable pool1
        { 2, 2, 22, 22 },     // pool2
        { 2, 2, 33, 75 },     // odd sizes: a dropped row and column, 16 + 16 + 5 outputs per row
        { 2, 1, 29, 40 },     // Freq1d
        { 1, 2, 40, 29 },     // Time1d
        { 3, 2, 10, 70 },     // a taller window, 35 outputs per row
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLibtorchBitForBit(int kh, int kw, int h, int w)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            int saved = get_num_threads();
            set_num_threads(threads);
            try { Compare(kh, kw, h, w); }
            finally { set_num_threads(saved); }
        }
    }

    private static void Compare(int kh, int kw, int h, int w)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(11);
        // Values rounded to a few levels after ReLU: most windows hold ties (zeros and equal positives).
        var x = nn.functional.relu(randn(new long[] { 3, 5, h, w }, generator: gen)).mul(2).round();
        x[0, 0, 0, 0] = tensor(float.NaN);
        x[0, 0, 0, 1] = tensor(float.NaN);
        x[1, 2, 1, 0] = tensor(float.PositiveInfinity);
        x[2, 4] = full(h, w, float.NegativeInfinity);
        var upstream = randn(new long[] { 3, 5, h / kh, w / kw }, generator: gen);
        var pool = new MaxPool((kh, kw));

        var expectedIn = x.clone().requires_grad_(true);
        var expected = nn.functional.max_pool2d(expectedIn, new long[] { kh, kw });
        expected.backward([upstream]);
        var actualIn = x.clone().requires_grad_(true);
        var actual = pool.call(actualIn);
        actual.backward([upstream]);

        AssertBits(expected, actual, $"forward {kh}x{kw} {h}x{w}");
        AssertBits(expectedIn.grad!, actualIn.grad!, $"gradient {kh}x{kw} {h}x{w}");
        using (no_grad()) AssertBits(expected, pool.call(x), $"no-grad forward {kh}x{kw} {h}x{w}");
    }

    [Fact]
    public void OtherDtypesUseLibtorch()
    {
        using var scope = NewDisposeScope();
        var x = randn(new long[] { 2, 3, 9, 8 }, dtype: ScalarType.Float64);
        AssertBits(nn.functional.max_pool2d(x, new long[] { 2, 2 }), new MaxPool((2, 2)).call(x), "float64");
    }

    private static void AssertBits(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.dtype, actual.dtype);
        var e = expected.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();
        var a = actual.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(e[i].Equals(a[i]), $"{what}: element {i}: libtorch {e[i]}, MaxPool {a[i]}");
    }
}
