using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Concord.Torch.Tests.Models;

/// <summary>
/// After <see cref="ConvolutionBackend.Ensure"/>, libtorch's convolutions are right on this machine, whatever its CPU:
/// the study's conv2 and conv3 shapes (10 and 20 input channels, the counts oneDNN 3.7.1 got wrong on a Zen 5 VM)
/// against a direct double-precision convolution written out here.
/// </summary>
public sealed class ConvolutionBackendTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(20, 30, 11, 11, 5, 2, 0)]   // Regular conv3
    [InlineData(10, 20, 62, 62, 5, 3, 3)]   // Regular conv2
    [InlineData(20, 30, 14, 14, 5, 2, 1)]   // Dilated conv3
    public void ConvolutionsMatchADirectDoubleSum(int inC, int outC, int h, int w, int k, int stride, int pad)
    {
        var state = ConvolutionBackend.Ensure();
        output.WriteLine(state.Description);

        const int batch = 3;
        var random = new Random(5);
        var x = Enumerable.Range(0, batch * inC * h * w).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var wt = Enumerable.Range(0, outC * inC * k * k).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        using var scope = NewDisposeScope();
        var y = nn.functional.conv2d(tensor(x, [batch, inC, h, w]), tensor(wt, [outC, inC, k, k]), strides: [stride, stride], padding: [pad, pad]);
        int ho = (int)y.shape[2], wo = (int)y.shape[3];
        var actual = y.data<float>().ToArray();
        double worst = 0;
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outC; o++)
                for (int i = 0; i < ho; i++)
                    for (int j = 0; j < wo; j++)
                    {
                        double sum = 0;
                        for (int c = 0; c < inC; c++)
                            for (int u = 0; u < k; u++)
                                for (int v = 0; v < k; v++)
                                {
                                    int r = i * stride + u - pad, q = j * stride + v - pad;
                                    if (r < 0 || q < 0 || r >= h || q >= w) continue;
                                    sum += (double)x[((b * inC + c) * h + r) * w + q] * wt[((o * inC + c) * k + u) * k + v];
                                }
                        worst = Math.Max(worst, Math.Abs(sum - actual[((b * outC + o) * ho + i) * wo + j]));
                    }
        output.WriteLine($"max |Δ| = {worst:E2}");
        Assert.True(worst < 1e-4, $"convolution off by {worst} ({state.Description})");
    }

    [Fact]
    public void TheCheckRanAndItsDecisionFollowsItsEvidence()
    {
        var state = ConvolutionBackend.Ensure();
        if (state.Choice != ConvolutionBackendChoice.Auto) return;   // forced by CONCORD_CONV_BACKEND: no evidence to check
        Assert.False(double.IsNaN(state.MaxRelativeError), "the known-answer check did not run");
        Assert.Equal(state.MaxRelativeError <= ConvolutionBackend.Tolerance && ConvolutionBackend.FastOnThisCpu, state.OneDnnEnabled);
    }
}
