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
    public void CrossProductOfTwoWideSidesIsFormedInStripsWithinTheBudget()
    {
        // 420 × 400 columns: XᵀY is 1.3 MB, above the smallest budget (1 MiB), so it is formed in two strips of X's columns.
        const int n = 60, px = 420, py = 400;
        var xs = SimilarityTestData.Gaussian(n, px, 21);
        var ys = SimilarityTestData.Gaussian(n, py, 22);
        for (int i = 0; i < n; i++) ys[i * py + 7] += 2 * xs[i * px + 400];   // shared signal in the second strip
        var x = Representation.FromRows(xs, n, px); var y = Representation.FromRows(ys, n, py);
        Assert.Equal(327, LinearCka.StripColumns(px, py, 1 << 20));
        Assert.Equal(px, LinearCka.StripColumns(px, py, 1L << 30));
        var strips = LinearCka.Compute(x, y, new SimilarityOptions { CkaForm = LinearCkaForm.FeatureSpace, MaxCrossProductBytes = 1 << 20 });
        var whole = LinearCka.Compute(x, y, new SimilarityOptions { CkaForm = LinearCkaForm.FeatureSpace });
        var gram = LinearCka.Compute(x, y, new SimilarityOptions { CkaForm = LinearCkaForm.Gram });
        Assert.True(Math.Abs(strips.Biased - whole.Biased) < 1e-12, $"{strips.Biased} vs {whole.Biased}");
        Assert.True(Math.Abs(strips.Biased - gram.Biased) < 1e-10, $"{strips.Biased} vs {gram.Biased}");
        Assert.True(Math.Abs(strips.Debiased - gram.Debiased) < 1e-10, $"{strips.Debiased} vs {gram.Debiased}");
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
        // A block size that does not divide n (37 columns fit one strip even with the smallest budget).
        var opts = new SimilarityOptions { BlockRows = 64, MaxCrossProductBytes = 1 << 20 };
        var stream = LinearCkaGrid.ComputePair(t.File("x.npy"), t.File("y.npy"), opts);
        Assert.True(Math.Abs(mem.Biased - stream.Biased) < 1e-10, $"{mem.Biased} vs {stream.Biased}");
        Assert.True(Math.Abs(mem.Debiased - stream.Debiased) < 1e-10, $"{mem.Debiased} vs {stream.Debiased}");
        Assert.Equal([4], stream.Dimensions.DroppedColumnsY);
        Assert.Equal(10, stream.Dimensions.ColumnsY);
        Assert.Equal(mem.Dimensions.ParticipationRatioX!.Value, stream.Dimensions.ParticipationRatioX!.Value, 9);
    }

    [Fact]
    public void StreamingInSeveralColumnStripsEqualsInMemory()
    {
        using var t = new TempDir();
        const int n = 150, p = 400;   // 1 MiB budget: strips of 1 MiB / (8 · 400) = 327 columns, so two strips
        var xs = SimilarityTestData.Gaussian(n, p, 12, offset: 0.5);
        var ys = SimilarityTestData.Gaussian(n, 30, 13);
        for (int i = 0; i < n; i++) ys[i * 30 + 3] += xs[i * p + 350];   // shared signal in the second strip
        Npy.Write<double>(t.File("x.npy"), xs, n, p);
        Npy.Write<double>(t.File("y.npy"), ys, n, 30);
        var opts = new SimilarityOptions { BlockRows = 64, MaxCrossProductBytes = 1 << 20, CkaForm = LinearCkaForm.FeatureSpace };
        var mem = LinearCka.Compute(Representation.FromRows(xs, n, p), Representation.FromRows(ys, n, 30), opts);
        var stream = LinearCkaGrid.ComputePair(t.File("x.npy"), t.File("y.npy"), opts);
        Assert.True(Math.Abs(mem.Biased - stream.Biased) < 1e-10, $"{mem.Biased} vs {stream.Biased}");
        Assert.True(Math.Abs(mem.Debiased - stream.Debiased) < 1e-10, $"{mem.Debiased} vs {stream.Debiased}");
        // And both equal the definition: ‖XᵀX‖²_F from the full p × p matrix.
        var cx = CentredMatrix.Create(Representation.FromRows(xs, n, p));
        var g = new double[p * p];
        CrossProducts.AccumulateDots(cx.Data, 0, p, cx.Data, 0, p, n, g, 0, p, threads: 1);
        double full = g.Sum(v => v * v);
        Assert.True(Math.Abs(full - SymmetricFrobenius.Compute(MatrixView.ColumnMajor(cx.Data, 0, n, p), 1 << 20, 2)) <= 1e-12 * full);
    }

    [Fact]
    public void StreamingCrossProductsOfTwoWideSidesAreTakenInStripsOfX()
    {
        using var t = new TempDir();
        const int n = 150, px = 400, py = 380;   // 1 MiB budget: X'Y would be 1.2 MB, so strips of 1 MiB / (8 · 380) = 344 columns of X
        var xs = SimilarityTestData.Gaussian(n, px, 21, offset: 0.1);
        var ys = SimilarityTestData.Gaussian(n, py, 22);
        for (int i = 0; i < ys.Length; i++) ys[i] += 0.3 * xs[(i / py) * px + i % py];
        Npy.Write<double>(t.File("x.npy"), xs, n, px);
        Npy.Write<double>(t.File("y.npy"), ys, n, py);
        var opts = new SimilarityOptions { BlockRows = 64, MaxCrossProductBytes = 1 << 20, CkaForm = LinearCkaForm.FeatureSpace };
        var mem = LinearCka.Compute(Representation.FromRows(xs, n, px), Representation.FromRows(ys, n, py), opts);
        var stream = LinearCkaGrid.ComputePair(t.File("x.npy"), t.File("y.npy"), opts);
        Assert.True(mem.Biased > 0.1, $"{mem.Biased}");
        Assert.True(Math.Abs(mem.Biased - stream.Biased) < 1e-10, $"{mem.Biased} vs {stream.Biased}");
        Assert.True(Math.Abs(mem.Debiased - stream.Debiased) < 1e-10, $"{mem.Debiased} vs {stream.Debiased}");
    }

    [Fact]
    public void StreamingTwoWideSidesTakesTheCrossTermFromTheirGramMatrices()
    {
        using var t = new TempDir();
        const int n = 60, px = 300, py = 250;
        var xs = SimilarityTestData.Gaussian(n, px, 31, offset: 0.2);
        var ys = SimilarityTestData.Gaussian(n, py, 32);
        for (int i = 0; i < ys.Length; i++) ys[i] += 0.5 * xs[(i / py) * px + i % py];
        var zs = SimilarityTestData.Gaussian(n, 7, 33);
        Npy.Write<double>(t.File("x.npy"), xs, n, px);
        Npy.Write<double>(t.File("y.npy"), ys, n, py);
        Npy.Write<double>(t.File("z.npy"), zs, n, 7);
        var opts = new SimilarityOptions { BlockRows = 16, MaxCrossProductBytes = 1 << 20 };
        var grid = LinearCkaGrid.Compute([t.File("x.npy")], [GridFeature.File(t.File("y.npy")), GridFeature.File(t.File("z.npy")),
            new GridFeature("y+z", [t.File("y.npy"), t.File("z.npy")])], opts);
        var x = Representation.FromRows(xs, n, px);
        var yz = new double[n * (py + 7)];
        for (int i = 0; i < n; i++) { ys.AsSpan(i * py, py).CopyTo(yz.AsSpan(i * (py + 7))); zs.AsSpan(i * 7, 7).CopyTo(yz.AsSpan(i * (py + 7) + py)); }
        var expected = new[] { LinearCka.Compute(x, Representation.FromRows(ys, n, py), opts), LinearCka.Compute(x, Representation.FromRows(zs, n, 7), opts),
            LinearCka.Compute(x, Representation.FromRows(yz, n, py + 7), opts) };
        Assert.True(expected[0].Biased > 0.2, $"{expected[0].Biased}");
        for (int j = 0; j < 3; j++)
        {
            Assert.True(Math.Abs(expected[j].Biased - grid.Cells[0][j].Biased) < 1e-10, $"{j}: {expected[j].Biased} vs {grid.Cells[0][j].Biased}");
            Assert.True(Math.Abs(expected[j].Debiased - grid.Cells[0][j].Debiased) < 1e-10, $"{j}: {expected[j].Debiased} vs {grid.Cells[0][j].Debiased}");
        }
        // The wide single file takes its cross term from the Gram matrices; the narrow one, and the composite through it, are streamed.
        Assert.Equal([LinearCkaForm.Gram, LinearCkaForm.FeatureSpace, LinearCkaForm.FeatureSpace], grid.Cells[0].Select(c => c.Form));
    }

    [Fact]
    public void StreamingUsesTheGramSideWhenFeaturesOutnumberExamples()
    {
        using var t = new TempDir();
        const int n = 200, p = 400;
        var xs = SimilarityTestData.Gaussian(n, p, 8, offset: 1.0);
        var ys = SimilarityTestData.Gaussian(n, 7, 9);
        Npy.Write<double>(t.File("x.npy"), xs, n, p);
        Npy.Write<double>(t.File("y.npy"), ys, n, 7);
        var mem = LinearCka.Compute(Representation.FromRows(xs, n, p), Representation.FromRows(ys, n, 7),
            new SimilarityOptions { CkaForm = LinearCkaForm.FeatureSpace });
        // p > n and n² · 8 = 320 KB fits half of a 1 MiB budget, so ‖XXᵀ‖ is taken on the Gram side, in column chunks of
        // 327 (< p) columns; a block size not dividing n.
        var stream = LinearCkaGrid.ComputePair(t.File("x.npy"), t.File("y.npy"), new SimilarityOptions { BlockRows = 48, MaxCrossProductBytes = 1 << 20 });
        Assert.True(Math.Abs(mem.Biased - stream.Biased) < 1e-10, $"{mem.Biased} vs {stream.Biased}");
        Assert.True(Math.Abs(mem.Debiased - stream.Debiased) < 1e-10, $"{mem.Debiased} vs {stream.Debiased}");
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
    public void CompositeFeatureEqualsItsConcatenatedFile()
    {
        using var t = new TempDir();
        const int n = 90;
        var x = SimilarityTestData.Gaussian(n, 12, 50);
        var a = SimilarityTestData.Gaussian(n, 5, 51, offset: 2); var b = SimilarityTestData.Gaussian(n, 3, 52, offset: -1);
        for (int i = 0; i < n; i++) b[i * 3 + 1] = 4;   // a constant column inside the composite
        var ab = new double[n * 8];
        for (int i = 0; i < n; i++) { Array.Copy(a, i * 5, ab, i * 8, 5); Array.Copy(b, i * 3, ab, i * 8 + 5, 3); }
        Npy.Write<double>(t.File("x.npy"), x, n, 12);
        Npy.Write<double>(t.File("a.npy"), a, n, 5);
        Npy.Write<double>(t.File("b.npy"), b, n, 3);
        Npy.Write<double>(t.File("ab.npy"), ab, n, 8);
        var opts = new SimilarityOptions { BlockRows = 32 };
        var grid = LinearCkaGrid.Compute([t.File("x.npy")],
            [GridFeature.File(t.File("a.npy")), new GridFeature("a+b", [t.File("a.npy"), t.File("b.npy")])], opts);
        var direct = LinearCkaGrid.ComputePair(t.File("x.npy"), t.File("ab.npy"), opts);
        Assert.Equal(direct.Biased, grid.Cells[0][1].Biased, 12);
        Assert.Equal(direct.Debiased, grid.Cells[0][1].Debiased, 12);
        Assert.Equal([6], grid.Cells[0][1].Dimensions.DroppedColumnsY);
        Assert.Equal("a+b", grid.Y[1]);
        // The Gram side (p > n forced) gives the same composite value.
        var gram = LinearCkaGrid.Compute([t.File("x.npy")], [new GridFeature("a+b", [t.File("a.npy"), t.File("b.npy")])],
            opts with { CkaForm = LinearCkaForm.Gram });
        Assert.Equal(direct.Biased, gram.Cells[0][0].Biased, 10);
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
    public void PermutedStatisticEqualsCkaOfExplicitlyShuffledRows()
    {
        // Re-create the test's first shuffle (Fisher–Yates with Random(seed)) and compare with a direct computation.
        int n = 120, seed = 17;
        var rng = new Random(seed);
        var perm = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--) { int j = rng.Next(i + 1); (perm[i], perm[j]) = (perm[j], perm[i]); }
        var yd = Y.Data.ToArray();
        var shuffled = new double[yd.Length];
        for (int i = 0; i < n; i++) Array.Copy(yd, perm[i] * 9, shuffled, i * 9, 9);
        var direct = LinearCka.Compute(X, Representation.FromRows(shuffled, n, 9));
        var p = CkaCalibration.Permutation(X, Y, 1, seed);
        Assert.Equal(direct.Biased, p.NullMeanBiased, 12);
        Assert.Equal(direct.Debiased, p.NullMeanDebiased, 12);
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
