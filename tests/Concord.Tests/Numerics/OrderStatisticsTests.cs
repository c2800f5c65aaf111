using Concord.Features;
using Concord.Numerics;
using Concord.Spectral;

namespace Concord.Tests.Numerics;

/// <summary>Selection must give exactly the values a full sort puts at each index, ties and all, and the features built on
/// it (median power, wavelet median and quantiles) must keep the bits of the sort-based formulas.</summary>
public sealed class OrderStatisticsTests
{
    public static TheoryData<int, int> Shapes => new()
    {
        { 1, 0 }, { 2, 2 }, { 15, 3 }, { 16, 0 }, { 17, 5 }, { 128, 0 }, { 128, 4 }, { 127, 2 }, { 1000, 0 }, { 1000, 7 },
    };

    /// <summary>Every k of random rows of length n, with values drawn from <paramref name="levels"/> distinct ones
    /// (0: continuous; small: many ties), against Array.Sort.</summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void SelectGivesTheSortedValueAtEveryIndex(int n, int levels)
    {
        var rng = new Random(n * 31 + levels);
        for (int trial = 0; trial < 5; trial++)
        {
            var values = Enumerable.Range(0, n).Select(_ => levels == 0 ? rng.NextDouble() * 2 - 1 : rng.Next(levels) - 1.5).ToArray();
            var sorted = values.Order().ToArray();
            for (int k = 0; k < n; k++)
            {
                var copy = (double[])values.Clone();
                Assert.Equal(sorted[k], OrderStatistics.Select<double>(copy, k));
                Assert.Equal(sorted.Order(), copy.Order());                      // a permutation of the input
                Assert.All(copy.AsSpan(0, k).ToArray(), v => Assert.True(v <= sorted[k]));
                if (k > 0)
                {
                    var again = (double[])values.Clone();
                    Assert.Equal((sorted[k - 1], sorted[k]), OrderStatistics.SelectPair<double>(again, k));
                }
            }
        }
    }

    [Fact]
    public void SelectOnSortedAndReversedRunsTerminates()
    {
        var up = Enumerable.Range(0, 4096).Select(i => (float)i).ToArray();
        var down = up.Reverse().ToArray();
        var flat = new float[4096];
        Assert.Equal(2048f, OrderStatistics.Select<float>(up, 2048));
        Assert.Equal(2048f, OrderStatistics.Select<float>(down, 2048));
        Assert.Equal(0f, OrderStatistics.Select<float>(flat, 2048));
    }

    /// <summary>The wavelet order statistics, from selection, equal np.quantile's formula on the sorted row bit for bit,
    /// for rows of both parities and with ties; a row with NaN takes the sort, so it gives what the sort-based code gave.</summary>
    [Theory]
    [InlineData(128)]
    [InlineData(127)]
    [InlineData(5)]
    [InlineData(1)]
    public void RowQuantilesEqualTheSortedFormulaBitForBit(int n)
    {
        var rng = new Random(n);
        for (int trial = 0; trial < 20; trial++)
        {
            var row = Enumerable.Range(0, n).Select(_ => trial % 3 == 0 ? Math.Round(rng.NextDouble() * 4) : rng.NextDouble() * 100 - 50).ToArray();
            if (trial == 7 && n > 2) row[n / 2] = double.NaN;
            var sorted = row.Order().ToArray();
            foreach (var (stat, q) in new[] { (WaveletStatistic.Median, 0.5), (WaveletStatistic.Q25, 0.25), (WaveletStatistic.Q75, 0.75) })
            {
                double expected = RowStatistics.Quantile(sorted, q);
                double actual = RowStatistics.Compute(row, stat, 0, default);
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
            }
        }
    }

    /// <summary>Median power by selection equals the sorted column's middle value(s), in float32 as numpy computes them.</summary>
    [Theory]
    [InlineData(128, 40)]
    [InlineData(127, 13)]
    [InlineData(2, 3)]
    public void MedianPowerEqualsTheSortedColumnsMiddleBitForBit(int bins, int frames)
    {
        var rng = new Random(bins + frames);
        var db = new Spectrogram(bins, frames);
        for (int i = 0; i < db.Values.Length; i++)
            db.Values[i] = i % 5 == 0 ? -80f : (float)(rng.NextDouble() * -80);  // the top_db floor: many ties
        db.Values[frames / 2] = float.NaN;   // one column with NaN takes the sort (NaN first), as before
        var actual = PowerFeatures.MedianPower(db);
        for (int t = 0; t < frames; t++)
        {
            var column = Enumerable.Range(0, bins).Select(m => db.Values[m * frames + t]).Order().ToArray();
            double expected = bins % 2 == 1 ? column[bins / 2] : (float)(column[bins / 2 - 1] + column[bins / 2]) / 2f;
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual[t]));
        }
    }
}
