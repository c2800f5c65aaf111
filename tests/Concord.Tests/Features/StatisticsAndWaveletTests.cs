using Concord.Features;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Features;

/// <summary>Inline constants from numpy 1.24.2 / scipy 1.10.1 for the statistics and the Ricker CWT.</summary>
public sealed class StatisticsAndWaveletTests
{
    [Theory]
    // numpy 1.24.2: quantile([1,2,3,4,10], .25) = 2.0, .75 = 4.0; std = 3.1622776601683795; var = 10.0
    [InlineData(WaveletStatistic.Q25, 2.0)]
    [InlineData(WaveletStatistic.Q75, 4.0)]
    [InlineData(WaveletStatistic.Std, 3.1622776601683795)]
    [InlineData(WaveletStatistic.Var, 10.0)]
    [InlineData(WaveletStatistic.Median, 3.0)]
    [InlineData(WaveletStatistic.Mean, 4.0)]
    public void Statistics_MatchNumpy(WaveletStatistic statistic, double expected) =>
        Assert.Equal(expected, RowStatistics.Compute([10, 2, 3, 1, 4], statistic, 0.0, []), 12);

    [Fact]
    public void MedianOfEvenCount_AndInterpolatedQuantile_MatchNumpy()
    {
        Assert.Equal(2.5, RowStatistics.Compute([3, 1, 2, 10], WaveletStatistic.Median, 0.0, new double[4]), 12); // np.median
        Assert.Equal(0.75, RowStatistics.Quantile([0.5, 1.5], 0.25), 12);                                        // np.quantile
    }

    [Fact]
    public void RickerCwt_MatchesScipy()
    {
        // scipy 1.10.1: signal.cwt([0,1,0,0,2,0,0,0,0,0], signal.ricker, [2])[0]  (M = min(20, 10) = 10)
        double[] expected = [-0.1939096791196979, 0.01015754387431167, 0.2413876008208083, 0.6076043736589093, 0.9566003636982705,
            0.8409853352250223, 0.2068473472696057, -0.31588344137110264, -0.5471134983175993, -0.39644447033933433];
        var actual = RickerWavelet.Transform([0, 1, 0, 0, 2, 0, 0, 0, 0, 0], 2);
        NumAssert.AllClose(expected, actual, 0, 1e-14, "cwt");
        // the mean of a CWT row equals the dot product with MeanWeights
        double[] x = [3, -1, 4, 1, -5, 9, 2, -6, 5, 3, 5, -8];
        foreach (int w in new[] { 1, 2, 5 })
            Assert.Equal(RickerWavelet.Transform(x, w).Average(), x.Zip(RickerWavelet.MeanWeights(w, x.Length), (a, b) => a * b).Sum(), 12);
    }
}
