using Concord.IO;
using Concord.Numerics;
using Concord.Similarity;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Similarity;

/// <summary>Mathematical identities of the measures (Kornblith's demo tests and more).</summary>
public class IdentityTests
{
    private static readonly Representation X = SimilarityTestData.Random(120, 14, 1, "x");
    private static readonly Representation Y = Representation.FromRows(
        Sum(SimilarityTestData.Gaussian(120, 9, 2), SimilarityTestData.Multiply(X.Data.ToArray(), 120, 14, SimilarityTestData.Gaussian(14, 9, 3), 9)), 120, 9, "y");

    private static double[] Sum(double[] a, double[] b) => a.Select((v, i) => v + b[i]).ToArray();

    [Fact]
    public void CkaOfAMatrixWithItselfIsOne()
    {
        var r = LinearCka.Compute(X, X);
        Assert.Equal(1, r.Biased, 12);
        Assert.Equal(1, r.Debiased, 12);
        Assert.Equal(1, RbfCka.Compute(X, X).Biased, 12);
    }

    [Fact]
    public void CkaIsInvariantToOrthogonalMapsAndIsotropicScaling()
    {
        var q = SimilarityTestData.Orthogonal(14, 7);
        var xq = SimilarityTestData.Multiply(X.Data.ToArray(), 120, 14, q, 14).Select(v => 1.337 * v).ToArray();
        var rotated = Representation.FromRows(xq, 120, 14);
        var a = LinearCka.Compute(X, Y); var b = LinearCka.Compute(rotated, Y);
        Assert.Equal(a.Biased, b.Biased, 12);
        Assert.Equal(a.Debiased, b.Debiased, 12);
        Assert.Equal(RbfCka.Compute(X, Y).Biased, RbfCka.Compute(rotated, Y).Biased, 12);
    }

    [Fact]
    public void CcaIsInvariantToInvertibleLinearMaps()
    {
        var m = SimilarityTestData.Gaussian(14, 14, 11);
        for (int i = 0; i < 14; i++) m[i * 14 + i] += 4;   // well conditioned
        var xm = Representation.FromRows(SimilarityTestData.Multiply(X.Data.ToArray(), 120, 14, m, 14), 120, 14);
        var a = Cca.Compute(X, Y); var b = Cca.Compute(xm, Y);
        Assert.Equal(a.R2, b.R2, 10);
        Assert.Equal(a.Rho, b.Rho, 10);
        Assert.Equal(LinearRegressionSimilarity.Compute(X, Y).YGivenX, LinearRegressionSimilarity.Compute(xm, Y).YGivenX, 10);
    }

    [Fact]
    public void FeatureSpaceAndGramFormsAgree()
    {
        var f = LinearCka.Compute(X, Y, new SimilarityOptions { CkaForm = LinearCkaForm.FeatureSpace });
        var g = LinearCka.Compute(X, Y, new SimilarityOptions { CkaForm = LinearCkaForm.Gram });
        Assert.Equal(LinearCkaForm.FeatureSpace, f.Form);
        Assert.True(Math.Abs(f.Biased - g.Biased) < 1e-10, $"{f.Biased} vs {g.Biased}");
        Assert.True(Math.Abs(f.Debiased - g.Debiased) < 1e-10, $"{f.Debiased} vs {g.Debiased}");
    }

    [Fact]
    public void AutoPicksGramWhenFeaturesOutnumberExamples()
    {
        Assert.Equal(LinearCkaForm.Gram, LinearCka.ChooseForm(LinearCkaForm.Auto, 50, 2000, 3000, 1L << 30));
        Assert.Equal(LinearCkaForm.FeatureSpace, LinearCka.ChooseForm(LinearCkaForm.Auto, 35000, 480, 128, 1L << 30));
    }

    [Fact]
    public void StreamingEqualsInMemoryIncludingStripsAndOffsets()
    {
        using var t = new TempDir();
        var xs = SimilarityTestData.Gaussian(300, 37, 5, offset: 3.0).Select(v => (float)v).ToArray();
        var ys = SimilarityTestData.Gaussian(300, 11, 6, offset: -2.0).Select(v => (float)v).ToArray();
        for (int i = 0; i < 300; i++) { ys[i * 11 + 4] = 7f; ys[i * 11 + 5] += xs[i * 37 + 2]; }   // a constant column and a shared signal
        Npy.Write<float>(t.File("x.npy"), xs, 300, 37);
        Npy.Write<float>(t.File("y.npy"), ys, 300, 11);
        var mem = LinearCka.Compute(Representation.FromRows(xs, 300, 37, "x"), Representation.FromRows(ys, 300, 11, "y"));
        // A tiny budget forces several column strips for ‖XᵀX‖ and a block size that does not divide n.
        var opts = new SimilarityOptions { BlockRows = 64, MaxCrossProductBytes = 1 << 20 };
        var stream = LinearCkaGrid.ComputePair(t.File("x.npy"), t.File("y.npy"), opts);
        Assert.True(Math.Abs(mem.Biased - stream.Biased) < 1e-10, $"{mem.Biased} vs {stream.Biased}");
        Assert.True(Math.Abs(mem.Debiased - stream.Debiased) < 1e-10, $"{mem.Debiased} vs {stream.Debiased}");
        Assert.Equal([4], stream.Dimensions.DroppedColumnsY);
        Assert.Equal(10, stream.Dimensions.ColumnsY);
        Assert.Equal(mem.Dimensions.ParticipationRatioX!.Value, stream.Dimensions.ParticipationRatioX!.Value, 9);
    }

    [Fact]
    public void GridMatchesPairwiseComputation()
    {
        using var t = new TempDir();
        var names = new[] { "a", "b", "c" };
        var reps = new Representation[3];
        for (int k = 0; k < 3; k++)
        {
            var d = SimilarityTestData.Gaussian(80, 5 + 3 * k, 20 + k);
            Npy.Write<double>(t.File(names[k] + ".npy"), d, 80, 5 + 3 * k);
            reps[k] = Representation.FromRows(d, 80, 5 + 3 * k);
        }
        var grid = LinearCkaGrid.Compute([t.File("a.npy")], [t.File("b.npy"), t.File("c.npy")], new SimilarityOptions { MaxCrossProductBytes = 1 << 20 });
        for (int j = 0; j < 2; j++)
        {
            var expect = LinearCka.Compute(reps[0], reps[j + 1]);
            Assert.Equal(expect.Biased, grid.Cells[0][j].Biased, 11);
            Assert.Equal(expect.Debiased, grid.Cells[0][j].Debiased, 11);
        }
    }

    [Fact]
    public void CrossProductKernelMatchesNaiveProduct()
    {
        // Sizes that exercise full 4×3 tiles, edge tiles, several k-blocks and the parallel path.
        int a = 131, b = 101, len = 600;
        var pa = SimilarityTestData.Gaussian(a, len, 31); var pb = SimilarityTestData.Gaussian(b, len, 32);
        var c = new double[a * b];
        CrossProducts.AccumulateDots(pa, 0, a, pb, 0, b, len, c, 0, b, threads: 2);
        for (int i = 0; i < a; i += 13)
            for (int j = 0; j < b; j += 7)
            {
                double s = 0; for (int k = 0; k < len; k++) s += pa[i * len + k] * pb[j * len + k];
                Assert.Equal(s, c[i * b + j], 9);
            }
    }

    [Fact]
    public void PermutationAndBootstrapAreSeededAndSensible()
    {
        var opts = new SimilarityOptions { Permutations = 99, Bootstrap = 50, Seed = 3 };
        var r1 = SimilarityAnalysis.Compute(X, Y, opts);
        var r2 = SimilarityAnalysis.Compute(X, Y, opts);
        Assert.Equal(r1.Permutation, r2.Permutation);
        Assert.Equal(r1.Bootstrap, r2.Bootstrap);
        Assert.Equal(0.01, r1.Permutation!.PBiased, 12);          // Y depends on X: no shuffle reaches the observed CKA
        Assert.True(r1.Permutation.NullMeanBiased < r1.LinearCka!.Biased);
        Assert.True(r1.Bootstrap!.BiasedLow <= r1.LinearCka.Biased && r1.LinearCka.Biased <= r1.Bootstrap.BiasedHigh + 0.05);
        var noise = SimilarityTestData.Random(120, 9, 99);
        var p = CkaCalibration.Permutation(X, noise, 199, 4);
        Assert.True(p.PBiased > 0.01, $"independent matrices gave p = {p.PBiased}");
        Assert.True(Math.Abs(p.NullMeanDebiased) < 0.05, $"debiased null mean {p.NullMeanDebiased}");
    }

    [Fact]
    public void ReportCarriesDimensionsRanksAndPrecision()
    {
        var r = SimilarityAnalysis.Compute(X, Y, new SimilarityOptions { Measures = Enum.GetValues<SimilarityMeasure>() });
        Assert.Equal(120, r.Dimensions.N);
        Assert.Equal(14, r.Dimensions.RankX);
        Assert.Equal(9, r.Dimensions.RankY);
        Assert.NotNull(r.Dimensions.ParticipationRatioX);
        Assert.Contains("float64", r.Dimensions.Precision);
        Assert.NotNull(r.Svcca);
        Assert.InRange(r.Svcca!.RetainedVarianceX, 0.99, 1.0);
        Assert.InRange(r.Cca!.R2, 0, 1);
    }
}
