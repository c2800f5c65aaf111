using Concord.Datasets;

namespace Concord.Tests.Datasets;

public class DatasetSplitterTests
{
    /// <summary>8 classes × 4 groups per class × a varying number of examples per group.</summary>
    private static LabelledDataset Make()
    {
        var classes = new List<long>(); var groups = new List<long>();
        for (int c = 0; c < 8; c++)
            for (int g = 0; g < 4; g++)
                for (int k = 0; k < 5 + (c + g) % 4; k++) { classes.Add(c); groups.Add(c * 4 + g); }
        int n = classes.Count;
        var ex = Enumerable.Range(0, n).Select(i => new DatasetExample($"e{i}", $"/x/{i}.wav", 0)).ToArray();
        return new LabelledDataset(ex, [], ex.Select(_ => (IReadOnlyList<string>)[]).ToArray(),
        [
            TaskLabels.Categorical("family", TaskKind.Classification, Enumerable.Range(0, 8).Select(i => $"c{i}").ToArray(), classes.ToArray()),
            TaskLabels.Categorical("instrument", TaskKind.Group, Enumerable.Range(0, 32).Select(i => $"g{i}").ToArray(), groups.ToArray()),
        ], []);
    }

    private static void AssertPartition(DatasetSplit s, int n)
    {
        Assert.Equal(s.Train.Order(), s.Train);
        Assert.Equal(s.Test.Order(), s.Test);
        Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), s.Train.Concat(s.Test).Order());
    }

    [Fact]
    public void RandomSplitIsThePapersNumpyChoice()
    {
        var ds = Make();
        var s = DatasetSplitter.Split(ds, new SplitOptions());
        AssertPartition(s, ds.Count);
        Assert.Equal(DatasetSplitter.TestSize(ds.Count, 0.3), s.Test.Length);
        Assert.Equal(new LegacyNumpyRandom(17).Choice(ds.Count, s.Test.Length).Order(), s.Test);
        Assert.Equal(s.Test, DatasetSplitter.Split(ds, new SplitOptions()).Test);
        Assert.NotEqual(s.Test, DatasetSplitter.Split(ds, new SplitOptions { Seed = 18 }).Test);
    }

    [Fact]
    public void StratifiedSplitKeepsClassShares()
    {
        var ds = Make();
        var s = DatasetSplitter.Split(ds, new SplitOptions { Kind = SplitKind.Stratified, Seed = 2 });
        AssertPartition(s, ds.Count);
        var cls = ds.StratifyTask!.Codes;
        for (int c = 0; c < 8; c++)
        {
            int nc = cls.Count(x => x == c);
            Assert.Equal(DatasetSplitter.TestSize(nc, 0.3), s.Test.Count(i => cls[i] == c));
        }
    }

    [Fact]
    public void GroupSplitNeverSharesAGroupAndKeepsEveryClassInBoth()
    {
        var ds = Make();
        var s = DatasetSplitter.Split(ds, new SplitOptions { Kind = SplitKind.Group, Seed = 5 });
        AssertPartition(s, ds.Count);
        var g = ds.GroupTask!.Codes; var cls = ds.StratifyTask!.Codes;
        Assert.Empty(s.Train.Select(i => g[i]).Intersect(s.Test.Select(i => g[i])));
        Assert.Equal(8, s.Train.Select(i => cls[i]).Distinct().Count());
        Assert.Equal(8, s.Test.Select(i => cls[i]).Distinct().Count());
        Assert.InRange(s.Test.Length / (double)ds.Count, 0.2, 0.4);
    }

    [Fact]
    public void SplitThatLeavesASetEmptyIsAnError()
    {
        var ex = new[] { new DatasetExample("a", "/a.wav", 0) };
        var ds = new LabelledDataset(ex, [], [[]], [TaskLabels.Categorical("g", TaskKind.Group, ["x"], [0])], []);
        Assert.Contains("empty", Assert.Throws<ConcordException>(() => DatasetSplitter.Split(ds, new SplitOptions())).Message);
        Assert.Contains("empty", Assert.Throws<ConcordException>(() => DatasetSplitter.Split(ds, new SplitOptions { Kind = SplitKind.Group })).Message);
    }
}
