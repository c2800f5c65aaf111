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
}
