using Concord.Networks;
using Concord.Torch.Models;

namespace Concord.Torch.Tests.Models;

public sealed class ParameterCountTests
{
    // METHOD.md §1.4: the study's Tables 7 (NSynth, 128×128, K=8), 8 (Composer, 128×176, K=5), 9 (Beethoven, 128×176, K=10).
    [Theory]
    [InlineData(Architecture.Regular, 128, 8, 79118)]
    [InlineData(Architecture.Regular, 176, 5, 107555)]
    [InlineData(Architecture.Regular, 176, 10, 108160)]
    [InlineData(Architecture.Deformable, 128, 8, 160138)]
    [InlineData(Architecture.Deformable, 176, 5, 202975)]
    [InlineData(Architecture.Deformable, 176, 10, 203580)]
    [InlineData(Architecture.Dilated, 128, 8, 151118)]
    [InlineData(Architecture.Dilated, 176, 5, 215555)]
    [InlineData(Architecture.Dilated, 176, 10, 216160)]
    [InlineData(Architecture.Freq1d, 128, 8, 2770118)]
    [InlineData(Architecture.Freq1d, 176, 5, 3806555)]
    [InlineData(Architecture.Freq1d, 176, 10, 3807160)]
    [InlineData(Architecture.Time1d, 128, 8, 2770118)]
    [InlineData(Architecture.Time1d, 176, 5, 4152155)]
    [InlineData(Architecture.Time1d, 176, 10, 4152760)]
    [InlineData(Architecture.FeedForward, 128, 8, 1967408)]
    [InlineData(Architecture.FeedForward, 176, 5, 2704325)]
    [InlineData(Architecture.FeedForward, 176, 10, 2704930)]
    public void MatchesTables7To9(Architecture arch, int frames, int classes, long expected) =>
        Assert.Equal(expected, ModelFactory.ParameterCount(new ModelOptions { Architecture = arch, Frames = frames, Classes = classes }));

    // Table 10 channel variants of Regular at 128×128, K = 8.
    [Theory]
    [InlineData(5, 10, 10, 24238)]
    [InlineData(10, 10, 10, 25628)]
    [InlineData(10, 20, 30, 79118)]
    public void ChannelVariantsMatchTable10(int c1, int c2, int c3, long expected) =>
        Assert.Equal(expected, ModelFactory.ParameterCount(new ModelOptions { Channels = new ChannelCounts(c1, c2, c3) }));

    // Regression heads printed in the Pitch/Velocity notebooks.
    [Theory]
    [InlineData(Architecture.Regular, 78271)]
    [InlineData(Architecture.Deformable, 159291)]
    public void RegressionHeads(Architecture arch, long expected) =>
        Assert.Equal(expected, ModelFactory.ParameterCount(new ModelOptions { Architecture = arch, Head = ModelHead.Regression }));

    [Fact]
    public void InputTooSmallIsAClearError()
    {
        var ex = Assert.Throws<ConcordException>(() => ModelFactory.Create(new ModelOptions { Frames = 20 }, 1));
        Assert.Contains("too small", ex.Message);
    }
}
