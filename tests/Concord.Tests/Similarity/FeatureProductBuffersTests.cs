using Concord.Similarity;

namespace Concord.Tests.Similarity;

/// <summary>Reused accumulators (a bootstrap's resamples) must give the sums of fresh ones bit for bit, whatever the
/// previous call left in them and whether the products are formed in one strip or several.</summary>
public sealed class FeatureProductBuffersTests
{
    [Theory]
    [InlineData(1L << 30)]   // XᵀY, XᵀX and YᵀY each in one strip
    [InlineData(1L << 20)]   // 1 MiB: several strips of each (px, py up to 700)
    public void ReusedBuffersGiveTheSumsOfFreshOnesBitForBit(long maxBytes)
    {
        var options = new SimilarityOptions { MaxCrossProductBytes = maxBytes };
        var buffers = new FeatureProductBuffers();
        var rng = new Random(11);
        // shapes vary between calls: a smaller call after a larger one leaves stale values beyond its length
        foreach (var (rows, px, py) in new[] { (300, 700, 500), (120, 64, 40), (257, 700, 500), (90, 513, 3) })
        {
            var x = Enumerable.Range(0, rows * px).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var y = Enumerable.Range(0, rows * py).Select(_ => rng.NextDouble() * 3).ToArray();
            var fresh = LinearCka.FeatureProducts(x, px, y, py, rows, options);
            var reused = LinearCka.FeatureProducts(x, px, y, py, rows, options, buffers);
            Assert.Equal(BitConverter.DoubleToInt64Bits(fresh.Xy), BitConverter.DoubleToInt64Bits(reused.Xy));
            Assert.Equal(BitConverter.DoubleToInt64Bits(fresh.Xx), BitConverter.DoubleToInt64Bits(reused.Xx));
            Assert.Equal(BitConverter.DoubleToInt64Bits(fresh.Yy), BitConverter.DoubleToInt64Bits(reused.Yy));
        }
    }

    [Fact]
    public void ASlotIsZeroedUpToTheRequestedLengthAndGrowsWhenNeeded()
    {
        var slot = new FeatureProductBuffers.Slot();
        var a = slot.Zeroed(10);
        Array.Fill(a, 7.0);
        var b = slot.Zeroed(6);
        Assert.Same(a, b);
        Assert.All(b.Take(6), v => Assert.Equal(0.0, v));
        var c = slot.Zeroed(1000);
        Assert.True(c.Length >= 1000);
        Assert.All(c.Take(1000), v => Assert.Equal(0.0, v));
    }
}
