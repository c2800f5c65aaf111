using System.Text.Json;
using Concord.Datasets;
using Concord.Exploration;
using Concord.IO;
using Concord.Numerics;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Exploration;

/// <summary>Mutual information, PCA, digamma and the legacy normal stream against tests/reference/make_exploration.py (numpy 1.24, scipy 1.10, sklearn 1.2).</summary>
public class ExplorationReferenceTests
{
    private static JsonElement Reference() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Reference("exploration", "exploration.json"))).RootElement;

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static NpyArray<double> Load(string name) => Npy.Read<double>(TestPaths.Reference("exploration", name + ".npy"));

    [Fact]
    public void StandardNormalMatchesNumpysLegacyGauss()
    {
        foreach (var seed in Reference().GetProperty("standard_normal").EnumerateObject())
        {
            var r = new LegacyNumpyRandom(int.Parse(seed.Name, System.Globalization.CultureInfo.InvariantCulture));
            var expected = Doubles(seed.Value);
            // Seven draws: the odd count checks the cached second value of each polar pair.
            Assert.Equal(expected, expected.Select(_ => r.StandardNormal()).ToArray());
        }
    }

    [Fact]
    public void DigammaMatchesScipy()
    {
        var d = Reference().GetProperty("digamma");
        var x = Doubles(d.GetProperty("x"));
        NumAssert.AllClose(Doubles(d.GetProperty("psi")), x.Select(SpecialFunctions.Digamma).ToArray(), 2e-15, 2e-15, "psi");
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.Digamma(0));
    }

    /// <summary>
    /// Every class has more than 2k + 1 members (plus a singleton class, which the estimator drops): scikit-learn's KD-tree
    /// distances are exact, and with its jitter reproduced Concord matches it to summation rounding. The columns include
    /// ties (integer values), a constant column and a 1e3-scale column, so the jitter decides neighbours.
    /// </summary>
    [Fact]
    public void MutualInformationMatchesSklearnWhenEveryClassIsLarge()
    {
        var c = Reference().GetProperty("mutual_information").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "large_classes");
        var (x, y) = MiData("large_classes");
        foreach (var run in c.GetProperty("runs").EnumerateArray())
        {
            var options = new MutualInformationOptions { Seed = run.GetProperty("seed").GetInt32(), Neighbors = run.GetProperty("neighbors").GetInt32(), Threads = 2 };
            var mi = MutualInformation.Classify(x.Data, (int)x.Rows, (int)x.RowLength, y, options);
            NumAssert.AllClose(Doubles(run.GetProperty("sklearn")), mi, 0, 1e-12, $"MI seed {options.Seed} k {options.Neighbors}");
            Assert.Contains(mi, v => v > 0.05);   // the class-dependent columns carry information
        }
    }

    /// <summary>
    /// Classes of 2–7 members: scikit-learn computes their neighbour distances by brute force as √(x² − 2xy + y²), which
    /// loses the 1e-10 jitter, so its values differ (by up to ~0.5 nats here). Concord keeps exact distances and matches
    /// the exact-distance reference computed with the same scaling and noise.
    /// </summary>
    [Fact]
    public void MutualInformationUsesExactDistancesForSmallClasses()
    {
        var c = Reference().GetProperty("mutual_information").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "small_classes");
        var (x, y) = MiData("small_classes");
        foreach (var run in c.GetProperty("runs").EnumerateArray())
        {
            var mi = MutualInformation.Classify(x.Data, (int)x.Rows, (int)x.RowLength, y, new MutualInformationOptions { Seed = run.GetProperty("seed").GetInt32() });
            NumAssert.AllClose(Doubles(run.GetProperty("exact")), mi, 0, 1e-12, "MI exact");
            var sk = Doubles(run.GetProperty("sklearn"));
            Assert.Contains(Enumerable.Range(0, sk.Length), j => Math.Abs(sk[j] - mi[j]) > 1e-3);   // the documented deviation is real
        }
    }

    [Fact]
    public void MutualInformationDoesNotDependOnThreadsAndRejectsBadInput()
    {
        var (x, y) = MiData("large_classes");
        int n = (int)x.Rows, p = (int)x.RowLength;
        Assert.Equal(MutualInformation.Classify(x.Data, n, p, y, new() { Threads = 1 }), MutualInformation.Classify(x.Data, n, p, y, new() { Threads = 3 }));
        Assert.Throws<ConcordException>(() => MutualInformation.Classify(x.Data, n, p, y.AsSpan(1).ToArray(), null));
        Assert.Throws<ConcordException>(() => MutualInformation.Classify(new double[] { 1, 2, 3 }, 3, 1, [0, 1, 2], null));   // no class with 2 members
        var bad = (double[])x.Data.Clone();
        bad[5] = double.NaN;
        Assert.Contains("row 0, column 5", Assert.Throws<ConcordException>(() => MutualInformation.Classify(bad, n, p, y, null)).Message);
        Assert.Throws<ConcordException>(() => MutualInformation.Classify(x.Data, n, p, y, new() { Neighbors = 0 }));
    }

    private static (NpyArray<double> X, int[] Y) MiData(string name)
    {
        var x = Load($"mi_{name}_x");
        var y = Npy.Read<long>(TestPaths.Reference("exploration", $"mi_{name}_y.npy")).Data.Select(v => (int)v).ToArray();
        return (x, y);
    }

    [Theory]
    [InlineData("tall")]      // p < n: covariance eigenproblem
    [InlineData("wide")]      // p > n: Gram eigenproblem, components Zᵀu/σ
    [InlineData("centred")]   // no standardisation
    public void PcaMatchesSklearnUpToSign(string name)
    {
        var c = Reference().GetProperty("pca").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var train = Load($"pca_{name}_train");
        var test = Load($"pca_{name}_test");
        var model = PrincipalComponents.Fit(train.Data, (int)train.Rows, (int)train.RowLength,
            new PcaOptions { Standardize = c.GetProperty("standardize").GetBoolean(), Threads = 2 });
        NumAssert.AllClose(Doubles(c.GetProperty("explained_variance_ratio")), model.ExplainedVarianceRatio.ToArray(), 1e-10, 0, "ratio");
        NumAssert.AllClose(Doubles(c.GetProperty("explained_variance")), model.ExplainedVariance.ToArray(), 1e-10, 0, "variance");
        var expected = Load($"pca_{name}_scores");
        var components = Load($"pca_{name}_components");
        int p = (int)train.RowLength;
        for (int k = 0; k < 2; k++)
        {
            double sign = Math.Sign(CrossProducts.Dot(components.Data.AsSpan(k * p, p), model.Components.Skip(k * p).Take(p).ToArray()));
            Assert.NotEqual(0, sign);
            var got = new double[test.Rows];
            var want = new double[test.Rows];
            for (int i = 0; i < test.Rows; i++)
            {
                got[i] = sign * model.Project(test.Data.AsSpan(i * p, p))[k];
                want[i] = expected.Data[i * 2 + k];
            }
            NumAssert.AllClose(want, got, 1e-8, 1e-8, $"scores of component {k}");
        }
    }

    [Theory]
    [InlineData("tall")]
    [InlineData("wide")]
    public void PcaOfFloat32RowsEqualsPcaOfTheirWidenedValues(string name)
    {
        var train = Load($"pca_{name}_train");
        var rows = train.Data.Select(v => (float)v).ToArray();
        var options = new PcaOptions { Threads = 2 };
        var single = PrincipalComponents.Fit(rows, (int)train.Rows, (int)train.RowLength, options);
        var widened = PrincipalComponents.Fit(rows.Select(v => (double)v).ToArray(), (int)train.Rows, (int)train.RowLength, options);
        Assert.Equal(widened.Components.ToArray(), single.Components.ToArray());
        Assert.Equal(widened.ExplainedVarianceRatio.ToArray(), single.ExplainedVarianceRatio.ToArray());
    }

    /// <summary>
    /// The estimate the exploration task holds for one PCA is what a fit allocates (one thread, so the bytes allocated on
    /// it are the fit's; one fit first, so the shared array pool's first-use buffers are not counted): within 15 % either
    /// way, wide (Gram side) and tall (covariance side). The rows have three dominant directions, as activations do, so
    /// the subspace iteration converges in a few steps; each step's small Rayleigh–Ritz arrays are garbage, not working set.
    /// </summary>
    [Theory]
    [InlineData(300, 1200)]
    [InlineData(1200, 300)]
    public void TheMemoryEstimateIsWhatAFitAllocates(int n, int p)
    {
        var factors = Concord.Tests.Similarity.SimilarityTestData.Gaussian(n, 3, 3);
        var loadings = Concord.Tests.Similarity.SimilarityTestData.Gaussian(3, p, 4);
        var noise = Concord.Tests.Similarity.SimilarityTestData.Gaussian(n, p, 5);
        double[] scale = [8, 4, 2];
        var rows = new float[n * p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
                rows[i * p + j] = (float)(Enumerable.Range(0, 3).Sum(f => scale[f] * factors[i * 3 + f] * loadings[f * p + j]) + 0.1 * noise[i * p + j]);
        var options = new PcaOptions { Threads = 1, Standardize = false };
        PrincipalComponents.Fit(rows, n, p, options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var model = PrincipalComponents.Fit(rows, n, p, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long estimate = PrincipalComponents.Memory(n, p, options).Bytes;
        Assert.True(model.Iterations < 50, $"{model.Iterations} iterations");
        Assert.InRange(allocated, 0.85 * estimate, 1.15 * estimate);
    }

    [Fact]
    public void PcaRefusesConstantAndTooSmallInput()
    {
        Assert.Contains("constant", Assert.Throws<ConcordException>(() => PrincipalComponents.Fit(new double[] { 1, 1, 1, 1, 1, 1 }, 3, 2)).Message);
        Assert.Throws<ConcordException>(() => PrincipalComponents.Fit(new double[] { 1, 2 }, 1, 2));
    }

    [Fact]
    public void ClassTracesAreMeanAndPopulationSdPerClass()
    {
        float[] x = [1, 10, 3, 30, 5, 50, 7, 70];          // 4 rows × 2 columns
        var t = ClassTraces.Compute(x, 4, 2, [0, 0, 2, 2], 3);
        Assert.Equal([0, 2], t.Select(c => c.ClassIndex));  // class 1 has no rows
        Assert.Equal([2.0, 20.0], t[0].Mean);
        Assert.Equal([1.0, 10.0], t[0].Sd);
        Assert.Equal([6.0, 60.0], t[1].Mean);
        Assert.Throws<ConcordException>(() => ClassTraces.Compute(x, 4, 2, [0, 0, 3, 2], 3));
    }

    [Fact]
    public void EvenSampleSpreadsOverTheWholeRange()
    {
        Assert.Equal([0, 1, 2], EvenSample.Positions(3, 5));
        Assert.Equal([0, 2, 5, 7], EvenSample.Positions(10, 4));
        var big = EvenSample.Positions(35000, 2000);
        Assert.Equal(2000, big.Distinct().Count());
        Assert.True(big[^1] > 34900);
    }
}
