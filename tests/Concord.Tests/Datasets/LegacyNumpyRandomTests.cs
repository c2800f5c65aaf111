using System.Text.Json;
using Concord.Datasets;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Datasets;

public class LegacyNumpyRandomTests
{
    private static JsonElement Reference() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Reference("datasets", "numpy_legacy_random.json"))).RootElement;

    private static long[] Longs(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt64()).ToArray();

    [Fact]
    public void MatchesNumpyRawDrawsPermutationAndChoice()
    {
        foreach (var c in Reference().GetProperty("cases").EnumerateArray())
        {
            long seed = c.GetProperty("seed").GetInt64();
            var r = new LegacyNumpyRandom(seed);
            Assert.Equal(Longs(c.GetProperty("raw_uint32")), Enumerable.Range(0, 8).Select(_ => (long)r.NextUInt32()).ToArray());
            Assert.Equal(Longs(c.GetProperty("permutation_20")), new LegacyNumpyRandom(seed).Permutation(20));
            Assert.Equal(Longs(c.GetProperty("choice_1000_300")), new LegacyNumpyRandom(seed).Choice(1000, 300));
        }
    }

    [Fact]
    public void ReproducesThePapersSeed17Split()
    {
        var p = Reference().GetProperty("paper_split");
        var test = new LegacyNumpyRandom(17).Choice(50000, 15000);
        Assert.Equal(Longs(p.GetProperty("test_first_20")), test[..20]);
        Assert.Equal(Longs(p.GetProperty("test_last_5")), test[^5..]);
        Assert.Equal(p.GetProperty("test_sum").GetInt64(), test.Sum());
    }

    [Fact]
    public void SixtyFourBitIntervalPathMatchesNumpy()
    {
        var r = new LegacyNumpyRandom(5);
        var expected = Longs(Reference().GetProperty("randint_2pow33_seed5"));
        Assert.Equal(expected, expected.Select(_ => r.Interval(1L << 33)).ToArray());
    }
}
