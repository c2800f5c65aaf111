using Concord.Experiments;

namespace Concord.Tests.Experiments;

public class SeedSummaryTests
{
    [Fact]
    public void PopulationSdAndCount()
    {
        // np.std([1, 2, 3, 4]) = 1.118033988749895 (ddof = 0)
        var s = SeedSummary.Of([1, 2, 3, 4]);
        Assert.Equal(2.5, s.Mean, 12);
        Assert.Equal(1.118033988749895, s.Sd, 12);
        Assert.Equal(4, s.N);
        Assert.Equal("2.50 ± 1.12 (n=4)", s.Format());
    }

    [Fact]
    public void IgnoresNaNAndFormatsEmpty()
    {
        var s = SeedSummary.Of([double.NaN, 3.0]);
        Assert.Equal(1, s.N);
        Assert.Equal(0, s.Sd);
        Assert.Equal("—", SeedSummary.Of([]).Format());
    }
}
