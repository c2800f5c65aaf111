using System.Text.Json;
using Concord.IO;
using Concord.Similarity;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Similarity;

public class ChannelCkaTests
{
    /// <summary>
    /// [40, 4, 3, 5] activations: channel 1 ≈ 2 × channel 0, channel 2 unrelated noise, channel 3 = relu(channel 0).
    /// Reference: Kornblith's feature-space linear CKA in numpy (tests/reference/make_exploration.py).
    /// </summary>
    [Fact]
    public void EveryChannelPairMatchesNumpyFromFileAndMemory()
    {
        string path = TestPaths.Reference("exploration", "channels_acts.npy");
        var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Reference("exploration", "exploration.json"))).RootElement.GetProperty("channel_cka");
        double[][] Grid(string key) => doc.GetProperty(key).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var biased = Grid("biased");
        var debiased = Grid("debiased");
        // A 1 MiB budget forces column chunks of the 15-column channels, which must not change the result.
        foreach (var g in new[] { ChannelCka.Compute(path, 4), ChannelCka.Compute(Representation.Load(path), 4), ChannelCka.Compute(path, 4, new SimilarityOptions { MaxCrossProductBytes = 1 << 20 }) })
        {
            Assert.Equal(4, g.Cells.Count);
            for (int a = 0; a < 4; a++)
            {
                NumAssert.AllClose(biased[a], g.Cells[a].Select(c => c.Biased).ToArray(), 1e-12, 1e-12, $"biased row {a}");
                NumAssert.AllClose(debiased[a], g.Cells[a].Select(c => c.Debiased).ToArray(), 1e-10, 1e-10, $"debiased row {a}");
            }
        }
        Assert.True(biased[0][1] > 0.99 && biased[0][2] < 0.3);
    }

    [Fact]
    public void ConstantChannelIsNaNAndBadShapesAreRefused()
    {
        var rng = new Random(3);
        int n = 12, hw = 6;
        var data = new double[n * 2 * hw];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < hw; j++) data[i * 2 * hw + j] = rng.NextDouble();   // channel 1 stays 0
        var g = ChannelCka.Compute(Representation.FromRows(data, n, 2 * hw), 2);
        Assert.Equal(1.0, g.Cells[0][0].Biased, 12);
        Assert.True(double.IsNaN(g.Cells[0][1].Biased) && double.IsNaN(g.Cells[1][1].Biased));
        Assert.Throws<ConcordException>(() => ChannelCka.Compute(Representation.FromRows(data, n, 2 * hw), 5));
        Assert.Contains("budget", Assert.Throws<ConcordException>(() =>
            ChannelCka.Compute(Representation.FromRows(new double[2000 * 100], 2000, 100), 100, new SimilarityOptions { MaxCrossProductBytes = 1 << 20 })).Message);
    }

    /// <summary>
    /// The estimate a task holds for one grid is what the grid allocates (its C Gram matrices stay alive to the end, so
    /// the bytes allocated on one thread are its peak): within 10 % either way, at the default budget and at one so small
    /// that the column chunk shrinks to fit beside the Gram matrices.
    /// </summary>
    [Theory]
    [InlineData(1L << 30)]
    [InlineData(1L << 21)]
    public void TheMemoryEstimateIsWhatAGridAllocates(long budget)
    {
        int n = 200, channels = 4, hw = 600;
        var activations = SimilarityTestData.Relu(n, channels * hw, 5);
        var options = new SimilarityOptions { Threads = 1, MaxCrossProductBytes = budget };
        var estimate = ChannelCka.Memory(n, channels * hw, channels, options);
        // The cross-product kernels rent their packing buffers from the shared array pool, which allocates them at the
        // first use in a process: one grid first, so that the measured one counts the grid alone whatever ran before.
        ChannelCka.Compute(activations, channels, options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ChannelCka.Compute(activations, channels, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0.9 * estimate.Bytes, 1.1 * estimate.Bytes);
        Assert.Equal(channels * n * n * 8L, estimate.Parts[0].Bytes);
        Assert.Equal(budget > 1 << 22 ? n * hw * 8L : budget - channels * n * n * 8L, estimate.Parts[1].Bytes);
    }
}
