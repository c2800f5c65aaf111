using Concord.Numerics;

namespace Concord.Tests.Numerics;

/// <summary>
/// Each output of the float32 linear-model kernels is accumulated independently of the other outputs computed
/// alongside it, so stacking several models' weights into one call changes no bit (the basis of batched paper-SGD probes).
/// </summary>
public class LinearScoreKernelsTests
{
    [Theory]
    [InlineData(13, 37, 7)]
    [InlineData(9, 64, 11)]
    [InlineData(6, 5, 6)]
    public void EachOutputIsTheSameComputedAloneOrStacked(int n, int d, int k)
    {
        var rng = new Random(n * 100 + d);
        float Next() => (float)(rng.NextDouble() * 2 - 1);
        var x = new Matrix(Enumerable.Range(0, n * d).Select(_ => Next()).ToArray(), n, d);
        var w = Enumerable.Range(0, k * d).Select(_ => Next()).ToArray();
        var b = Enumerable.Range(0, k).Select(_ => Next()).ToArray();
        var r = Enumerable.Range(0, n * k).Select(_ => Next()).ToArray();
        // Rows 1..n−1 (start 1): blocks of four rows with a remainder (gradient), row pairs with an odd last row (scores, n = 6).
        int count = n - 1;
        var z = new float[count * k];
        LinearScoreKernels.Scores(x, 1, count, w, b, z);
        var g = new float[k * d];
        LinearScoreKernels.AccumulateWeightedRows(x, 1, count, r, k, g);
        for (int c = 0; c < k; c++)
        {
            var zc = new float[count];
            LinearScoreKernels.Scores(x, 1, count, w.AsSpan(c * d, d), b.AsSpan(c, 1), zc);
            Assert.Equal(zc, Enumerable.Range(0, count).Select(i => z[i * k + c]));
            var rc = Enumerable.Range(0, count).Select(i => r[i * k + c]).ToArray();
            var gc = new float[d];
            LinearScoreKernels.AccumulateWeightedRows(x, 1, count, rc, 1, gc);
            Assert.Equal(gc, g.AsSpan(c * d, d).ToArray());
        }
        // Each score is the dot product it claims to be (to float32 rounding), so the comparison above is not vacuous.
        double z00 = b[0];
        for (int j = 0; j < d; j++) z00 += (double)x[1, j] * w[j];
        Assert.Equal(z00, z[0], 1e-4);
    }
}
