using Concord.Experiments;
using Concord.Study.Config;
using Concord.Study.Stages;
using Concord.Tests.Infrastructure;
using Concord.Tests.Similarity;
using Sim = Concord.Similarity;

namespace Concord.Tests.Experiments;

/// <summary>Which pairs of a study get a bootstrap CI and a p-value, and from which null.</summary>
public class PairSimilarityTests
{
    private static ExperimentConfig Demo(SimilarityNull nullKind, int permutations = 0) =>
        ExperimentConfigLoader.Load(Path.Combine(TestPaths.RepoRoot(), "configs", "demo.json")) is var c
            ? c with { Similarity = c.Similarity with { Null = nullKind, Permutations = permutations, Bootstrap = 20 } }
            : throw new InvalidOperationException();

    private static readonly SimilarityMeasure[] Cka = [SimilarityMeasure.LinearCka];

    [Fact]
    public void NarrowPairsGetTheConfiguredCalibration()
    {
        var moments = PairSimilarity.PairOptions(Demo(SimilarityNull.Moments), Cka, 3000, 480, 128);
        Assert.Equal((Sim.CkaNull.Moments, 0, 20), (moments.Null, moments.Permutations, moments.Bootstrap));
        var shuffles = PairSimilarity.PairOptions(Demo(SimilarityNull.Permutations, 100), Cka, 3000, 480, 128);
        Assert.Equal((Sim.CkaNull.None, 100, 20), (shuffles.Null, shuffles.Permutations, shuffles.Bootstrap));
    }

    [Fact]
    public void WidePairsKeepOnlyTheMomentNullAndOnlyUpToTheRowLimit()
    {
        // conv1-wide (15,376 columns) against a 128-column feature: no bootstrap and no shuffles (n·p² per resample), but the
        // moment null, whose n × n form costs less than the CKA, up to 4,096 rows.
        var c = Demo(SimilarityNull.Moments);
        var wide = PairSimilarity.PairOptions(c, Cka, 2100, 15376, 128);
        Assert.Equal((Sim.CkaNull.Moments, 0, 0), (wide.Null, wide.Permutations, wide.Bootstrap));
        var edge = PairSimilarity.PairOptions(c, Cka, SimilarityRecord.MaxWideMomentRows, 15376, 128);
        Assert.Equal(Sim.CkaNull.Moments, edge.Null);
        var many = PairSimilarity.PairOptions(c, Cka, SimilarityRecord.MaxWideMomentRows + 1, 15376, 128);
        Assert.Equal((Sim.CkaNull.None, 0, 0), (many.Null, many.Permutations, many.Bootstrap));
        // The Monte Carlo null is never run on a wide pair, and a pair without linear CKA gets no null.
        var shuffles = PairSimilarity.PairOptions(Demo(SimilarityNull.Permutations, 100), Cka, 2100, 15376, 128);
        Assert.Equal((Sim.CkaNull.None, 0, 0), (shuffles.Null, shuffles.Permutations, shuffles.Bootstrap));
        var r2 = PairSimilarity.PairOptions(c, [SimilarityMeasure.R2Lr], 2100, 15376, 128);
        Assert.Equal(Sim.CkaNull.None, r2.Null);
    }

    [Fact]
    public void AWidePairsMomentPValueEqualsTheStandaloneOne()
    {
        // A 300-row pair with a 2,500-column side: the study computes its moment-based p-value (n × n form), and it is the
        // one CkaMomentNull gives for the same data on its own.
        int n = 300;
        var xs = SimilarityTestData.Gaussian(n, 2500, 3, 0);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < 4; j++) xs[i * 2500 + j] *= 20;   // four strong columns that the narrow side shares
        var x = Sim.Representation.FromRows(xs, n, 2500, "wide");
        var rows = new double[n * 4];
        var rng = new Random(4);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < 4; j++) rows[i * 4 + j] = xs[i * 2500 + j] / 20 + rng.NextDouble();
        var y = Sim.Representation.FromRows(rows, n, 4, "narrow");
        var c = Demo(SimilarityNull.Moments);
        var records = PairSimilarity.Compare(c, ExperimentIds.Similarity, Representation.Handcrafted("wide"), "kx", new Sim.HeldRepresentation(x, 2),
            Representation.Handcrafted("narrow"), "ky", y, Cka);
        var record = Assert.Single(records);
        var alone = Sim.CkaMomentNull.Compute(x, y, new Sim.SimilarityOptions { Threads = 2 });
        Assert.Equal(Sim.GramInvariantForm.Gram, alone.FormX);
        Assert.NotNull(record.PValue);
        Assert.Equal(alone.PBiased, record.PValue!.Value, 12);
        Assert.True(record.PValue < 0.05, $"dependent columns: p = {record.PValue}");
        Assert.Equal(0, record.Permutations);
        Assert.Null(record.CiLow);
    }
}
