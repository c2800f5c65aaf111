using System.Text.Json;
using Concord.Numerics;
using Concord.Similarity;

namespace Concord.Tests.Similarity;

/// <summary>
/// The moment-based permutation null of linear CKA: exact against an enumeration of all n! shuffles, its sums against the
/// full Gram matrix in every form, and against ≥ 10,000 real shuffles on independent and on dependent data.
/// </summary>
public class MomentNullTests
{
    /// <summary>Rows of skewed, unequal-scale columns (exponentials and squares), so the third moments matter.</summary>
    private static double[] Skewed(int n, int p, int seed)
    {
        var g = SimilarityTestData.Gaussian(n, p, seed);
        for (int i = 0; i < g.Length; i++) g[i] = (i % p) % 2 == 0 ? Math.Exp(g[i]) * (1 + i % p) : g[i] * g[i] + 0.3 * g[i];
        return g;
    }

    private static double[] CentredGram(double[] rows, int n, int p)
    {
        var c = (double[])rows.Clone();
        for (int j = 0; j < p; j++)
        {
            double m = 0;
            for (int i = 0; i < n; i++) m += c[i * p + j];
            for (int i = 0; i < n; i++) c[i * p + j] -= m / n;
        }
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < p; k++) a[i * n + j] += c[i * p + k] * c[j * p + k];
        return a;
    }

    private static void Permutations(int[] perm, int k, Action<int[]> visit)
    {
        if (k == perm.Length) { visit(perm); return; }
        for (int i = k; i < perm.Length; i++)
        {
            (perm[k], perm[i]) = (perm[i], perm[k]);
            Permutations(perm, k + 1, visit);
            (perm[k], perm[i]) = (perm[i], perm[k]);
        }
    }

    [Fact]
    public void MomentsEqualTheEnumerationOfEveryShuffle()
    {
        int n = 7;
        var a = CentredGram(Skewed(n, 2, 11), n, 2); var b = CentredGram(Skewed(n, 3, 12), n, 3);
        var raw = new double[4]; var values = new List<double>();
        Permutations(Enumerable.Range(0, n).ToArray(), 0, perm =>
        {
            double t = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) t += a[i * n + j] * b[perm[i] * n + perm[j]];
            values.Add(t);
            for (int m = 1; m <= 3; m++) raw[m] += Math.Pow(t, m);
        });
        Assert.Equal(5040, values.Count);
        var ia = GramInvariants.FromMatrix(a, n, 1); var ib = GramInvariants.FromMatrix(b, n, 1);
        for (int m = 1; m <= 3; m++)
        {
            double exact = raw[m] / values.Count;
            Assert.True(Math.Abs(PermutationMoments.Raw(m, ia, ib, n) - exact) <= 1e-9 * Math.Abs(exact), $"E[T^{m}]: {PermutationMoments.Raw(m, ia, ib, n)} vs {exact}");
        }
        double mean = values.Average();
        double var = values.Average(v => (v - mean) * (v - mean)), third = values.Average(v => Math.Pow(v - mean, 3));
        var (cv, c3) = PermutationMoments.Central(ia, ib, n);
        Assert.Equal(var, cv, var * 1e-10);
        Assert.Equal(third, c3, Math.Abs(third) * 1e-9);
        Assert.True(Math.Abs(third) > 1e-3 * Math.Pow(var, 1.5), "the example should be skewed");
    }

    [Theory]
    [InlineData(50, 3, 1L << 30, GramInvariantForm.FeatureTensor)]
    [InlineData(50, 9, 1L << 30, GramInvariantForm.FeatureGramTiles)]
    [InlineData(20, 30, 1L << 30, GramInvariantForm.Gram)]
    [InlineData(700, 30, 1L << 20, GramInvariantForm.FeatureGramTiles)]   // two bands, several chunks per band
    [InlineData(300, 12, 1L << 20, GramInvariantForm.FeatureTensor)]      // several row blocks
    public void InvariantsInEveryFormEqualThoseOfTheGramMatrix(int n, int p, long budget, GramInvariantForm form)
    {
        var rows = Skewed(n, p, n + p);
        var m = CentredMatrix.Create(Representation.FromRows(rows, n, p, "x"));
        var (got, used) = CkaMomentNull.Invariants(m, new SimilarityOptions { MaxCrossProductBytes = budget, Threads = 2 });
        Assert.Equal(form, used);
        var want = GramInvariants.FromMatrix(CentredGram(rows, n, p), n, 1);
        foreach (var k in Enum.GetValues<GramInvariant>())
            Assert.True(Math.Abs(got[k] - want[k]) <= 1e-10 * Math.Max(1, Math.Abs(want[k])) + 1e-9 * want.Square * Math.Sqrt(want.Square) / n,
                $"{k}: {got[k]} vs {want[k]}");
    }

    [Fact]
    public void TheBandHeightDoesNotChangeTheCubeSumsBits()
    {
        // n = 700 rows: at 12 MB two bands (561 + 139 rows), at 1 GiB one band of all 700; either way each band's products
        // reach the last row in one chunk. Same entries, same order of the sum.
        int n = 700, p = 30;
        var m = CentredMatrix.Create(Representation.FromRows(Skewed(n, p, 11), n, p, "x"));
        Assert.Equal(561, CkaMomentNull.BandRows(n, 12L << 20));
        Assert.Equal(n, CkaMomentNull.BandRows(n, 1L << 30));
        var (bands, formBands) = CkaMomentNull.Invariants(m, new SimilarityOptions { MaxCrossProductBytes = 12L << 20, Threads = 2 });
        var (whole, formWhole) = CkaMomentNull.Invariants(m, new SimilarityOptions { MaxCrossProductBytes = 1L << 30, Threads = 1 });
        Assert.Equal((GramInvariantForm.FeatureGramTiles, GramInvariantForm.FeatureGramTiles), (formBands, formWhole));
        Assert.Equal(BitConverter.DoubleToInt64Bits(bands.EntryCubes), BitConverter.DoubleToInt64Bits(whole.EntryCubes));
        Assert.NotEqual(0, whole.EntryCubes);
    }

    [Fact]
    public void TheMomentsReadTheRepresentationWithoutACentredCopyAndMatchTheCopysBits()
    {
        // Above the sample size, nothing needs the column-major copy: the invariants from the shifted row-major view equal,
        // bit for bit, those of a matrix whose copy was made first (its View is then still the raw data, so compare with a
        // matrix given the copy's values directly).
        int n = 1500, p = 40;
        var rows = Skewed(n, p, 5);
        var options = new SimilarityOptions { MomentSampleRows = 400, Threads = 2 };
        var lazy = CentredMatrix.Create(Representation.FromRows(rows, n, p, "x"));
        var (fromView, form) = CkaMomentNull.Invariants(lazy, options);
        Assert.Equal(GramInvariantForm.FeatureGramSample, form);
        Assert.False(lazy.HasCopy);
        var copied = CentredMatrix.Create(Representation.FromRows(rows, n, p, "x"));
        var given = new CentredMatrix
        {
            Name = "x", Rows = n, Columns = p, OriginalColumns = p, Data = copied.Data, Dropped = [], Centred = true, Precision = "float64",
        };
        Assert.Equal(StorageOrder.ColumnMajor, given.View.Order);
        Assert.Equal(StorageOrder.RowMajor, lazy.View.Order);
        var (fromCopy, _) = CkaMomentNull.Invariants(given, options);
        foreach (var k in Enum.GetValues<GramInvariant>())
            Assert.Equal(BitConverter.DoubleToInt64Bits(fromCopy[k]), BitConverter.DoubleToInt64Bits(fromView[k]));
    }

    [Fact]
    public void TheSampledPairSumsAreUnbiasedAndMoveTheSkewnessAndPValueLittle()
    {
        // Heavy-tailed columns (exp of Gaussians): one sample's estimates of Σ_{i≠j}(x_i·x_j)³ and Σ_i d_i (A²)_ii are noisy,
        // but they are unbiased, and they enter only the third moment, so the p-value hardly moves.
        int n = 3000, px = 60, py = 40, m = 300, seeds = 30;   // p² > n: the exact form is the Gram tiles
        var xr = Skewed(n, px, 1); var yr = Skewed(n, py, 2);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < py; j++) yr[i * py + j] += 0.02 * xr[i * px + j % px];
        var x = Representation.FromRows(xr, n, px, "x"); var y = Representation.FromRows(yr, n, py, "y");
        var cx = CentredMatrix.Create(x);
        var exactOptions = new SimilarityOptions { Threads = 2, MomentSampleRows = n };
        var (exact, form) = CkaMomentNull.Invariants(cx, exactOptions);
        Assert.Equal(GramInvariantForm.FeatureGramTiles, form);
        var exactNull = CkaMomentNull.Compute(x, y, exactOptions);
        var estimates = new double[seeds]; var weighted = new double[seeds];
        for (int s = 0; s < seeds; s++)
        {
            var options = new SimilarityOptions { Threads = 2, MomentSampleRows = m, Seed = s };
            var (sampled, used) = CkaMomentNull.Invariants(cx, options);
            Assert.Equal(GramInvariantForm.FeatureGramSample, used);
            foreach (var k in Enum.GetValues<GramInvariant>().Where(k => k is not (GramInvariant.EntryCubes or GramInvariant.DiagonalWeightedSquare)))
                Assert.Equal(exact[k], sampled[k]);
            estimates[s] = sampled.EntryCubes; weighted[s] = sampled.DiagonalWeightedSquare;
            if (s >= 10) continue;
            var r = CkaMomentNull.Compute(x, y, options);
            Assert.Equal((exactNull.Mean, exactNull.StandardDeviation), (r.Mean, r.StandardDeviation));
            Assert.True(Math.Abs(r.Skewness - exactNull.Skewness) < 0.1 * exactNull.Skewness, $"seed {s}: skewness {r.Skewness} vs exact {exactNull.Skewness}");
            Assert.True(Math.Abs(r.PBiased - exactNull.PBiased) < 0.01, $"seed {s}: p {r.PBiased} vs exact {exactNull.PBiased}");
        }
        foreach (var (name, values, want) in new[] { ("Σ a_ij³", estimates, exact.EntryCubes), ("Σ d_i (A²)_ii", weighted, exact.DiagonalWeightedSquare) })
        {
            double mean = values.Average(), se = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (seeds - 1) / seeds);
            Assert.True(Math.Abs(mean - want) < 4 * se, $"{name}: mean of {seeds} estimates {mean} vs exact {want} ± {se}");
            Assert.NotEqual(values[0], values[1]);   // the seed draws another sample
        }
    }

    [Fact]
    public void RefusesWhenNoFormFitsTheBudget()
    {
        var m = CentredMatrix.Create(SimilarityTestData.Random(400, 300, 5, "wide.npy"));
        var e = Assert.Throws<ConcordException>(() => CkaMomentNull.Invariants(m, new SimilarityOptions { MaxCrossProductBytes = 1 << 20 }));
        Assert.Contains("wide.npy", e.Message);
        Assert.Contains("300 × 300", e.Message);
    }

    [Theory]
    [InlineData(false, 120, 4096)]
    [InlineData(true, 120, 4096)]
    [InlineData(false, 120, 60)]      // Σ_{i≠j}(x_i·x_j)³ estimated from half the rows
    [InlineData(true, 120, 60)]
    [InlineData(false, 3000, 300)]    // from a tenth of them
    [InlineData(true, 3000, 300)]
    public void MomentsAndPValuesAgreeWithTwentyThousandShuffles(bool dependent, int n, int sampleRows)
    {
        // Activation-like data: rectified Gaussians (skewed, many zeros).
        int px = 3, py = 4, perms = 20_000;
        var xr = SimilarityTestData.Gaussian(n, px, 21).Select(v => Math.Max(v + 0.3, 0)).ToArray();
        var yr = SimilarityTestData.Gaussian(n, py, 22).Select(v => Math.Max(v + 0.3, 0)).ToArray();
        if (dependent)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < py; j++) yr[i * py + j] = yr[i * py + j] + 0.25 * xr[i * px + j % px];
        var x = Representation.FromRows(xr, n, px, "x"); var y = Representation.FromRows(yr, n, py, "y");
        var options = new SimilarityOptions { Threads = 1, MomentSampleRows = sampleRows, Seed = 5 };
        var cx = CentredMatrix.Create(x); var cy = CentredMatrix.Create(y);
        var terms = LinearCka.FeatureTerms(cx, cy, options);
        var nulls = new double[perms];
        var mc = CkaCalibration.Permutation(cx, cy, terms, perms, 3, 1, nulls);
        var moments = CkaMomentNull.Compute(x, y, options);
        Assert.Equal(terms.Biased, moments.Observed, 12);
        Assert.Equal(n > sampleRows ? GramInvariantForm.FeatureGramSample : GramInvariantForm.FeatureTensor, moments.FormX);

        double mean = nulls.Average();
        double M(int k) => nulls.Average(v => Math.Pow(v - mean, k));
        double m2 = M(2), m3 = M(3), m4 = M(4), m6 = M(6);
        double seMean = Math.Sqrt(m2 / perms), seVar = Math.Sqrt((m4 - m2 * m2) / perms);
        double seThird = Math.Sqrt((m6 - m3 * m3 - 6 * m4 * m2 + 9 * m2 * m2 * m2) / perms);
        double var = moments.StandardDeviation * moments.StandardDeviation, third = moments.Skewness * var * moments.StandardDeviation;
        Assert.True(Math.Abs(moments.Mean - mean) < 4 * seMean, $"mean {moments.Mean} vs {mean} ± {seMean}");
        Assert.True(Math.Abs(var - m2) < 4 * seVar, $"variance {var} vs {m2} ± {seVar}");
        Assert.True(Math.Abs(third - m3) < 4 * seThird, $"third moment {third} vs {m3} ± {seThird}");
        Assert.True(moments.Skewness > (n <= 120 ? 0.1 : 0.02), $"skewness {moments.Skewness}: the example should be clearly skewed");

        // The whole upper tail: at the Monte Carlo quantiles, and at the observed value.
        var sorted = nulls.Order().ToArray();
        var tails = new[] { 0.5, 0.2, 0.05, 0.01 }.Select(q => (q, PearsonTypeIII.UpperTail(sorted[(int)Math.Round((1 - q) * perms)],
            moments.Mean, moments.StandardDeviation, moments.Skewness))).ToList();
        Assert.True(tails.All(t => Math.Abs(t.Item2 - t.q) <= 0.01),
            $"skewness {moments.Skewness:F3}; Pearson III tails at the Monte Carlo quantiles: {string.Join(", ", tails.Select(t => $"{t.q}: {t.Item2:F4}"))}");
        if (mc.PBiased > 0.001) Assert.True(Math.Abs(moments.PBiased - mc.PBiased) <= 0.01, $"p {moments.PBiased} vs {mc.PBiased}");
        else Assert.True(moments.PBiased < 0.005, $"p {moments.PBiased} where the shuffles give {mc.PBiased}");
        Assert.True(dependent ? mc.PBiased < 0.05 : mc.PBiased > 0.05, $"the example's p should be {(dependent ? "small" : "large")}: {mc.PBiased}");
    }

    [Fact]
    public void GammaFunctionsMatchScipy()
    {
        foreach (var c in Reference("gamma"))
        {
            double a = c.GetProperty("a").GetDouble(), x = c.GetProperty("x").GetDouble();
            Assert.Equal(c.GetProperty("lgamma").GetDouble(), SpecialFunctions.LogGamma(a), 1e-12 * Math.Max(1, Math.Abs(c.GetProperty("lgamma").GetDouble())));
            var (p, q) = SpecialFunctions.RegularizedGamma(a, x);
            double wp = c.GetProperty("p").GetDouble(), wq = c.GetProperty("q").GetDouble();
            Assert.True(Math.Abs(p - wp) <= 1e-12 + 1e-9 * wp, $"P({a}, {x}) = {p}, scipy {wp}");
            Assert.True(Math.Abs(q - wq) <= 1e-12 + 1e-9 * wq, $"Q({a}, {x}) = {q}, scipy {wq}");
        }
    }

    [Fact]
    public void PearsonTypeIIITailMatchesScipy()
    {
        foreach (var c in Reference("pearson3"))
        {
            double got = PearsonTypeIII.UpperTail(c.GetProperty("t").GetDouble(), c.GetProperty("mean").GetDouble(), c.GetProperty("sd").GetDouble(), c.GetProperty("skew").GetDouble());
            double want = c.GetProperty("sf").GetDouble();
            Assert.True(Math.Abs(got - want) <= 1e-9 + 1e-7 * want, $"skew {c.GetProperty("skew")}, t {c.GetProperty("t")}: {got} vs scipy {want}");
        }
    }

    private static JsonElement[] Reference(string section)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Infrastructure.TestPaths.Reference("similarity", "moments.json")));
        return doc.RootElement.GetProperty(section).EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
