using Concord.Numerics;

namespace Concord.Tests.Numerics;

public class SymmetricEigenTests
{
    private static double[] RandomSymmetric(int n, int seed, int rank = -1)
    {
        var rng = new Random(seed);
        int r = rank < 0 ? n : rank;
        var b = new double[n * r];
        for (int i = 0; i < b.Length; i++) b[i] = rng.NextDouble() * 2 - 1;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < r; k++) s += b[i * r + k] * b[j * r + k];
                a[i * n + j] = rank < 0 ? s - 0.3 * r * (i == j ? 1 : 0) : s;   // indefinite when full rank
            }
        return a;
    }

    [Theory]
    [InlineData(1, -1)]
    [InlineData(2, -1)]
    [InlineData(3, -1)]
    [InlineData(37, -1)]
    [InlineData(120, -1)]
    [InlineData(90, 12)]     // a rank-12 Gram matrix: 78 (near-)zero eigenvalues
    [InlineData(300, -1)]    // large enough for the parallel updates, several column blocks and several flushes of rotations
    public void DecomposesAndAgreesWithTheJacobiSvd(int n, int rank)
    {
        var a = RandomSymmetric(n, n + 7, rank);
        var eig = SymmetricEigen.Compute(a, n);
        var parallel = SymmetricEigen.Compute(a, n, workers: 2);
        Assert.Equal(eig.Values, parallel.Values);
        Assert.Equal(eig.Vectors, parallel.Vectors);
        double scale = eig.Values.Max(Math.Abs);
        for (int k = 0; k < n; k++)
        {
            var v = eig.Vectors.AsSpan(k * n, n);
            Assert.Equal(1, CrossProducts.Dot(v, v), 1e-12);
            for (int i = 0; i < n; i++)   // A v = λ v
            {
                double av = CrossProducts.Dot(a.AsSpan(i * n, n), v);
                Assert.True(Math.Abs(av - eig.Values[k] * v[i]) <= 1e-11 * scale, $"λ{k}: row {i}: {av} vs {eig.Values[k] * v[i]}");
            }
            for (int j = 0; j < k; j += Math.Max(1, k / 5)) Assert.True(Math.Abs(CrossProducts.Dot(v, eig.Vectors.AsSpan(j * n, n))) < 1e-12, $"v{k}·v{j}");
            if (k > 0) Assert.True(eig.Values[k] <= eig.Values[k - 1]);
        }
        // |λ| equal the singular values of the (symmetric) matrix from the one-sided Jacobi SVD
        var sv = Svd.Compute(a, n, n).Values;
        var abs = eig.Values.Select(Math.Abs).OrderDescending().ToArray();
        for (int k = 0; k < n; k++) Assert.True(Math.Abs(abs[k] - sv[k]) <= 1e-11 * scale, $"σ{k}: {abs[k]} vs {sv[k]}");
    }

    [Fact]
    public void ReadsTheLowerTriangleAndRefusesNonFiniteInput()
    {
        var a = new double[] { 2, 99, 1, 3 };   // upper entry ignored: [[2, 1], [1, 3]]
        var eig = SymmetricEigen.Compute(a, 2);
        Assert.Equal((5 + Math.Sqrt(5)) / 2, eig.Values[0], 12);
        Assert.Equal((5 - Math.Sqrt(5)) / 2, eig.Values[1], 12);
        Assert.Throws<ConcordException>(() => SymmetricEigen.Compute(new[] { 1.0, 0, double.NaN, 1, 0, 0, 2, 5, 1 }, 3));
    }
}
