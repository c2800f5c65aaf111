using Concord.IO;
using Concord.Similarity;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Similarity;

public class BadInputTests
{
    [Fact]
    public void DifferentRowCountsAreRejected()
    {
        var e = Assert.Throws<ConcordException>(() => LinearCka.Compute(SimilarityTestData.Random(10, 3, 1, "a"), SimilarityTestData.Random(9, 3, 2, "b")));
        Assert.Contains("9 rows", e.Message);
        Assert.Contains("10", e.Message);
    }

    [Fact]
    public void NonFiniteValuesAreLocated()
    {
        var d = SimilarityTestData.Gaussian(10, 3, 1);
        d[4 * 3 + 2] = double.NaN;
        var e = Assert.Throws<ConcordException>(() => LinearCka.Compute(Representation.FromRows(d, 10, 3, "feat.npy"), SimilarityTestData.Random(10, 3, 2)));
        Assert.Contains("feat.npy: row 4, column 2 is NaN", e.Message);
        using var t = new TempDir();
        var f = SimilarityTestData.Gaussian(10, 3, 1).Select(v => (float)v).ToArray();
        f[7 * 3 + 1] = float.PositiveInfinity;
        Npy.Write<float>(t.File("inf.npy"), f, 10, 3);
        Npy.Write<float>(t.File("ok.npy"), SimilarityTestData.Gaussian(10, 3, 2).Select(v => (float)v).ToArray(), 10, 3);
        var s = Assert.Throws<ConcordException>(() => LinearCkaGrid.ComputePair(t.File("inf.npy"), t.File("ok.npy")));
        Assert.Contains("row 7, column 1 is infinite", s.Message);
    }

    [Fact]
    public void ConstantMatrixMakesCkaUndefined()
    {
        var c = Representation.FromRows(Enumerable.Repeat(3.0, 30).ToArray(), 10, 3, "const");
        var e = Assert.Throws<ConcordException>(() => LinearCka.Compute(c, SimilarityTestData.Random(10, 3, 2)));
        Assert.Contains("CKA is undefined", e.Message);
    }

    [Fact]
    public void DebiasedCkaNeedsFourExamples()
    {
        var e = Assert.Throws<ConcordException>(() => LinearCka.Compute(SimilarityTestData.Random(3, 2, 1), SimilarityTestData.Random(3, 2, 2)));
        Assert.Contains("at least 4 examples", e.Message);
    }

    [Fact]
    public void NonNumericNpyIsRejected()
    {
        using var t = new TempDir();
        Npy.Write<bool>(t.File("mask.npy"), new bool[6], 3, 2);
        var e = Assert.Throws<ConcordException>(() => Representation.Load(t.File("mask.npy")));
        Assert.Contains("not numeric", e.Message);
        // A string array ('<U3') as numpy writes it.
        var header = NpyHeader.Encode(NpyDType.Float32, [2]);
        var text = System.Text.Encoding.Latin1.GetString(header).Replace("<f4", "<U3");
        File.WriteAllBytes(t.File("str.npy"), [.. System.Text.Encoding.Latin1.GetBytes(text), .. new byte[24]]);
        var s = Assert.Throws<ConcordException>(() => Representation.Load(t.File("str.npy")));
        Assert.Contains("unsupported dtype '<U3'", s.Message);
    }

    [Fact]
    public void DegenerateCcaIsRefusedUnlessForced()
    {
        var x = SimilarityTestData.Random(12, 15, 1); var y = SimilarityTestData.Random(12, 3, 2);
        var e = Assert.Throws<ConcordException>(() => Cca.Compute(x, y));
        Assert.Contains("trivially 1", e.Message);
        var forced = Cca.Compute(x, y, new SimilarityOptions { AllowDegenerate = true });
        Assert.True(forced.Degenerate);
        Assert.Equal(1, forced.R2, 8);
    }

    [Fact]
    public void ZeroVarianceColumnsAreDroppedAndReported()
    {
        var d = SimilarityTestData.Gaussian(40, 4, 1);
        for (int i = 0; i < 40; i++) d[i * 4 + 1] = -2;
        var x = Representation.FromRows(d, 40, 4);
        var r = Cca.Compute(x, SimilarityTestData.Random(40, 3, 2));
        Assert.Equal([1], r.Dimensions.DroppedColumnsX);
        Assert.Equal(3, r.Dimensions.RankX);
    }

    [Fact]
    public void InvalidOptionsAreListed()
    {
        var errors = new SimilarityOptions { Threads = 0, SvccaVarianceKept = 1.5 }.Validate().ToList();
        Assert.Equal(2, errors.Count);
    }
}
