using Concord.Numerics;
using Concord.Tests.Similarity;

namespace Concord.Tests.Numerics;

public class CrossProductsTests
{
    public static TheoryData<CrossProductKernel, StorageOrder, StorageOrder> Cases()
    {
        var data = new TheoryData<CrossProductKernel, StorageOrder, StorageOrder>();
        foreach (var k in new[] { CrossProductKernel.Vector512, CrossProductKernel.Vector256 })
            foreach (var oa in new[] { StorageOrder.ColumnMajor, StorageOrder.RowMajor })
                foreach (var ob in new[] { StorageOrder.ColumnMajor, StorageOrder.RowMajor })
                    data.Add(k, oa, ob);
        return data;
    }

    /// <summary>A rows × cols view of seeded values inside a larger array: an offset, and a stride longer than needed.</summary>
    private static MatrixView View(int rows, int cols, StorageOrder order, int seed, int offset = 5, int pad = 3)
    {
        int stride = (order == StorageOrder.ColumnMajor ? rows : cols) + pad;
        int lines = order == StorageOrder.ColumnMajor ? cols : rows;
        var data = SimilarityTestData.Gaussian(1, offset + lines * stride, seed);
        return new MatrixView(data, offset, rows, cols, order, stride);
    }

    private static (double Value, double Scale) Naive(MatrixView a, MatrixView b, int i, int j)
    {
        double s = 0, scale = 0;
        for (int k = 0; k < a.Rows; k++) { s += a[k, i] * b[k, j]; scale += Math.Abs(a[k, i] * b[k, j]); }
        return (s, scale);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesANaiveDoubleLoopOnSizesThatAreNotMultiplesOfTheTiles(CrossProductKernel kernel, StorageOrder orderA, StorageOrder orderB)
    {
        // k = 517: two full k-blocks and a tail; 37 × 53 and 250 × 29: tails in rows and columns of both tile shapes,
        // several work items (250 rows) and the parallel path; k = 9001 with a small C: summed in k-slices.
        foreach (var (m, n, k) in new[] { (37, 53, 517), (250, 29, 517), (1, 1, 3), (8, 24, 256), (13, 7, 9001) })
        {
            var a = View(k, m, orderA, 11 + m); var b = View(k, n, orderB, 12 + n);
            int ldc = n + 2;
            var c = new double[m * ldc];
            for (int i = 0; i < c.Length; i++) c[i] = i % 7;   // it accumulates into what is there
            CrossProducts.Accumulate(a, b, c, 0, ldc, threads: 2, kernel: kernel);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < ldc; j++)
                {
                    double start = (i * ldc + j) % 7;
                    if (j >= n) { Assert.Equal(start, c[i * ldc + j]); continue; }
                    var (s, scale) = Naive(a, b, i, j);
                    Assert.True(Math.Abs(start + s - c[i * ldc + j]) <= 1e-14 * k * (scale + 1), $"({m}×{n}×{k}) C[{i},{j}] = {c[i * ldc + j]}, expected {start + s}");
                }
        }
    }

    [Theory]
    [InlineData(CrossProductKernel.Vector512)]
    [InlineData(CrossProductKernel.Vector256)]
    public void UpperOnlyComputesTheUpperTriangleAndSkipsWholeTilesBelowIt(CrossProductKernel kernel)
    {
        int p = 301, k = 300;
        var a = View(k, p, StorageOrder.ColumnMajor, 21, offset: 0, pad: 0);
        var c = new double[p * p];
        CrossProducts.Accumulate(a, a, c, 0, p, threads: 2, upperOnly: true, kernel: kernel);
        int skipped = 0;
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
            {
                if (j < i && c[i * p + j] == 0) { skipped++; continue; }
                var (s, scale) = Naive(a, a, i, j);
                Assert.True(Math.Abs(s - c[i * p + j]) <= 1e-14 * k * scale, $"C[{i},{j}]");
            }
        Assert.True(skipped > p * p / 4, $"only {skipped} entries below the diagonal were skipped");
    }

    [Fact]
    public void KernelsThreadCountsAndStorageOrdersGiveBitIdenticalResults()
    {
        int m = 203, n = 131, k = 700;
        var aCol = View(k, m, StorageOrder.ColumnMajor, 31, offset: 0, pad: 0);
        var bCol = View(k, n, StorageOrder.ColumnMajor, 32, offset: 0, pad: 0);
        var aRow = MatrixView.RowMajor(Transpose(aCol), 0, k, m); var bRow = MatrixView.RowMajor(Transpose(bCol), 0, k, n);
        double[] Run(MatrixView a, MatrixView b, CrossProductKernel kernel, int threads)
        {
            var c = new double[m * n];
            CrossProducts.Accumulate(a, b, c, 0, n, threads, kernel: kernel);
            return c;
        }
        var reference = Run(aCol, bCol, CrossProductKernel.Vector512, 1);
        Assert.Equal(reference, Run(aCol, bCol, CrossProductKernel.Vector512, 2));
        Assert.Equal(reference, Run(aCol, bCol, CrossProductKernel.Vector256, 1));
        Assert.Equal(reference, Run(aRow, bCol, CrossProductKernel.Vector256, 2));
        Assert.Equal(reference, Run(aRow, bRow, CrossProductKernel.Vector512, 3));
    }

    [Theory]
    [InlineData(CrossProductKernel.Vector512)]
    [InlineData(CrossProductKernel.Vector256)]
    public void AShiftedRowMajorViewGivesTheCentredCopysProductsBitForBit(CrossProductKernel kernel)
    {
        // Uncentred values with large means (so the subtraction matters), 517 rows, 203 + 131 columns; the shifted view,
        // sliced at column 37, against a column-major copy holding value − shift, both as A and as B, upper triangle too.
        int k = 517, m = 203, n = 131;
        var raw = SimilarityTestData.Gaussian(k, m, 51).Select((v, i) => v + 10 + i % m * 0.25).ToArray();
        var shifts = Enumerable.Range(0, m).Select(c => 10 + c * 0.25 + 0.01 * c).ToArray();
        var copy = new double[k * m];
        for (int r = 0; r < k; r++)
            for (int c = 0; c < m; c++) copy[c * k + r] = raw[r * m + c] - shifts[c];
        var shifted = MatrixView.RowMajorShifted(raw, k, m, shifts);
        var centred = MatrixView.ColumnMajor(copy, 0, k, m);
        Assert.Equal(copy[5 * k + 3], shifted[3, 5]);
        var b = View(k, n, StorageOrder.RowMajor, 52, offset: 0, pad: 0);
        double[] Run(MatrixView x, MatrixView y, int columns, bool upper)
        {
            var c = new double[x.Columns * columns];
            CrossProducts.Accumulate(x, y, c, 0, columns, threads: 2, upperOnly: upper, kernel: kernel);
            return c;
        }
        Assert.Equal(Run(centred, b, n, false), Run(shifted, b, n, false));
        Assert.Equal(Run(b, centred, m, false), Run(b, shifted, m, false));
        Assert.Equal(Run(centred.SliceColumns(37, 100), centred.SliceColumns(37, 166), 166, true),
            Run(shifted.SliceColumns(37, 100), shifted.SliceColumns(37, 166), 166, true));
        // Without the shift the products differ: the test sees the subtraction.
        Assert.NotEqual(Run(centred, b, n, false), Run(MatrixView.RowMajor(raw, 0, k, m), b, n, false));
        Assert.Throws<ArgumentException>(() => CrossProducts.Accumulate(centred with { ColumnShifts = shifts }, b, new double[m * n], 0, n, 1));
    }

    [Fact]
    public void KSlicedSumsDoNotDependOnTheThreadCountOrKernel()
    {
        int m = 30, n = 20, k = 12_345;   // small C, long k: three k-slices reduced in slice order
        var a = View(k, m, StorageOrder.ColumnMajor, 41, offset: 0, pad: 0);
        var b = View(k, n, StorageOrder.RowMajor, 42, offset: 0, pad: 0);
        double[] Run(CrossProductKernel kernel, int threads)
        {
            var c = new double[m * n];
            CrossProducts.Accumulate(a, b, c, 0, n, threads, kernel: kernel);
            return c;
        }
        var reference = Run(CrossProductKernel.Vector256, 1);
        Assert.Equal(reference, Run(CrossProductKernel.Vector512, 2));
        Assert.Equal(reference, Run(CrossProductKernel.Vector512, 5));
    }

    [Theory]
    [InlineData(9_001, 91)]            // three slices of 4,096 rows (the last short)
    [InlineData(35_000, 2_000_000)]    // copies of C capped: fewer, longer slices
    [InlineData(35_000, 8_000_000)]    // C too large to copy: one slice
    [InlineData(5_000, 100)]           // k too short to slice
    public void KSlicesCoverEveryRowOnceInWholeKBlocks(int length, long cSize)
    {
        var (slices, sliceLength) = CrossProducts.KSlices(length, cSize);
        Assert.True(slices >= 1 && (long)slices * sliceLength >= length && (long)(slices - 1) * sliceLength < length, $"{slices} × {sliceLength}");
        Assert.True(slices == 1 || (sliceLength % CrossProducts.BlockK == 0 && slices * cSize <= 1 << 23), $"{slices} × {sliceLength}");
    }

    [Fact]
    public void RejectsMismatchedOperands()
    {
        var a = MatrixView.ColumnMajor(new double[20], 0, 5, 4);
        var b = MatrixView.ColumnMajor(new double[24], 0, 6, 4);
        Assert.Throws<ArgumentException>(() => CrossProducts.Accumulate(a, b, new double[16], 0, 4, 1));
        Assert.Throws<ArgumentException>(() => CrossProducts.Accumulate(a, a, new double[15], 0, 4, 1));
        Assert.Throws<ArgumentException>(() => CrossProducts.Accumulate(MatrixView.ColumnMajor(new double[19], 0, 5, 4), a, new double[16], 0, 4, 1));
    }

    private static double[] Transpose(MatrixView v)
    {
        var t = new double[v.Rows * v.Columns];
        for (int r = 0; r < v.Rows; r++)
            for (int c = 0; c < v.Columns; c++) t[r * v.Columns + c] = v[r, c];
        return t;
    }
}
