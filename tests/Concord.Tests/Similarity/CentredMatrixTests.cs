using Concord.Similarity;

namespace Concord.Tests.Similarity;

public class CentredMatrixTests
{
    [Fact]
    public void ThreadsSplitTheWorkWithoutChangingTheResult()
    {
        // 150 columns: three bands of 64 (the last short); column 70 constant, dropped.
        int n = 301, p = 150;
        var d = SimilarityTestData.Gaussian(n, p, 7, offset: 3);
        for (int i = 0; i < n; i++) d[i * p + 70] = 1.5;
        var r = Representation.FromRows(d, n, p, "x");
        var one = CentredMatrix.Create(r, threads: 1);
        foreach (int threads in new[] { 2, 3 })
        {
            var many = CentredMatrix.Create(r, threads: threads);
            Assert.Equal([70], many.Dropped);
            Assert.Equal(one.Data, many.Data);   // bit-identical: each column summed in row order
        }
        Assert.Equal(p - 1, one.Columns);
        Assert.Equal(d[5 * p + 71] - Enumerable.Range(0, n).Average(i => d[i * p + 71]), one.Data[70 * n + 5], 12);
    }

    [Fact]
    public void NamesTheFirstBadCellWhicheverThreadFindsIt()
    {
        int n = 40, p = 3;
        var d = SimilarityTestData.Gaussian(n, p, 8);
        d[33 * p + 0] = double.NaN;   // in the second half of the rows
        d[12 * p + 2] = double.PositiveInfinity;
        var e = Assert.Throws<ConcordException>(() => CentredMatrix.Create(Representation.FromRows(d, n, p, "m"), threads: 2));
        Assert.Contains("m: row 12, column 2 is infinite", e.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryCellIsItsValueMinusTheRowOrderMeanOfItsColumn(bool centre)
    {
        // 4 × 4 blocks where four kept columns are adjacent, one value at a time where a dropped column breaks a block, and
        // the odd rows and columns left over (n, p not multiples of 4); without centring the constant columns stay.
        int n = 103, p = 135;
        var d = SimilarityTestData.Gaussian(n, p, 9, offset: 2);
        foreach (int c in new[] { 1, 66, 134 })
            for (int i = 0; i < n; i++) d[i * p + c] = -0.25;
        var m = CentredMatrix.Create(Representation.FromRows(d, n, p, "x"), centre, threads: 2);
        var kept = Enumerable.Range(0, p).Where(c => !centre || c is not (1 or 66 or 134)).ToArray();
        Assert.Equal(centre ? [1, 66, 134] : [], m.Dropped);
        Assert.Equal(kept.Length, m.Columns);
        for (int k = 0; k < kept.Length; k++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += d[i * p + kept[k]];
            double mean = centre ? sum / n : 0;
            for (int i = 0; i < n; i++) Assert.Equal(d[i * p + kept[k]] - mean, m.Data[(long)k * n + i]);
        }
    }

    [Fact]
    public void TheFirstBadCellIsFirstInRowOrderAcrossBandsAndInTheOddColumns()
    {
        int n = 50, p = 131;   // bands of 64: the third holds columns 128–130, outside any four-column vector
        var d = SimilarityTestData.Gaussian(n, p, 10);
        d[30 * p + 3] = double.NaN;
        d[20 * p + 100] = double.NegativeInfinity;
        d[11 * p + 129] = double.NaN;
        var e = Assert.Throws<ConcordException>(() => CentredMatrix.Create(Representation.FromRows(d, n, p, "m"), threads: 2));
        Assert.Contains("m: row 11, column 129 is NaN", e.Message);
        d[11 * p + 129] = 0;
        e = Assert.Throws<ConcordException>(() => CentredMatrix.Create(Representation.FromRows(d, n, p, "m"), threads: 1));
        Assert.Contains("m: row 20, column 100 is infinite", e.Message);
    }
}
