using Concord.Numerics;
using Concord.Tests.Similarity;

namespace Concord.Tests.Numerics;

public class FactorisationTests
{
    [Fact]
    public void PivotedQrIsOrthonormalFindsTheRankAndIsThreadIndependent()
    {
        int n = 600, p = 500;
        var a = SimilarityTestData.Gaussian(n, p, 41);       // read as column-major 600 × 500
        for (int i = 0; i < n; i++) a[499 * n + i] = a[3 * n + i] - 2 * a[7 * n + i];   // last column dependent
        var q1 = Qr.Compute(a, n, p, threads: 1);
        var q2 = Qr.Compute(a, n, p, threads: 2);
        Assert.Equal(499, q1.Rank);
        Assert.Equal(q1.Q, q2.Q);
        var g = new double[q1.Rank * q1.Rank];
        CrossProducts.AccumulateDots(q1.Q, 0, q1.Rank, q1.Q, 0, q1.Rank, n, g, 0, q1.Rank, 2);
        for (int i = 0; i < q1.Rank; i += 37)
            for (int j = 0; j < q1.Rank; j += 41) Assert.Equal(i == j ? 1.0 : 0.0, g[i * q1.Rank + j], 10);
    }

    [Fact]
    public void JacobiSvdRecoversSingularValuesOfAScaledOrthogonalProduct()
    {
        int n = 30, p = 6;
        var u = SimilarityTestData.Orthogonal(n, 5); var v = SimilarityTestData.Orthogonal(p, 6);
        double[] s = [9, 5, 3, 1, 0.5, 1e-3];
        var a = new double[n * p];   // column-major A = U[:, :p] diag(s) Vᵀ
        for (int j = 0; j < p; j++)
            for (int i = 0; i < n; i++)
                for (int k = 0; k < p; k++) a[j * n + i] += u[i * n + k] * s[k] * v[j * p + k];
        var svd = Svd.Compute(a, n, p);
        for (int k = 0; k < p; k++) Assert.Equal(s[k], svd.Values[k], 12);
    }

    [Theory]
    [InlineData(240)]
    [InlineData(241)]   // odd: one column sits out each round
    public void PreconditionedJacobiIsABackwardStableSvdWhateverTheWorkers(int k)
    {
        // M = U diag(s) Vᵀ with σ from 1 down to 1e-10 and two exact zeros: the eigenvector preconditioner alone squares
        // them away below √ε, so the small ones test the Jacobi pass.
        var u = SimilarityTestData.Orthogonal(k, 7); var v = SimilarityTestData.Orthogonal(k, 8);
        var s = new double[k];
        for (int i = 0; i < k - 2; i++) s[i] = Math.Pow(10, -10.0 * i / (k - 3));
        var m = new double[k * k];   // column-major
        for (int j = 0; j < k; j++)
            for (int i = 0; i < k; i++)
            {
                double sum = 0;
                for (int l = 0; l < k; l++) sum += u[i * k + l] * s[l] * v[j * k + l];
                m[j * k + i] = sum;
            }
        var (uf, sf, vf) = PreconditionedJacobi.Compute(m, k, workers: 1);
        var (u2, s2, v2) = PreconditionedJacobi.Compute(m, k, workers: 2);
        Assert.Equal(sf, s2);
        Assert.Equal(uf, u2);
        Assert.Equal(vf, v2);
        var sorted = sf.OrderByDescending(x => x).ToArray();
        for (int i = 0; i < k; i++) Assert.True(Math.Abs(sorted[i] - s[i]) <= 1e-13, $"σ[{i}] {sorted[i]:R} vs {s[i]:R}");
        // V orthonormal; M V = U Σ; U orthonormal on σ > 0.
        for (int a = 0; a < k; a += 17)
            for (int b = 0; b < k; b += 13)
            {
                double vv = 0, mv = 0, uu = 0;
                for (int i = 0; i < k; i++)
                {
                    vv += vf[a * k + i] * vf[b * k + i];
                    if (sf[a] > 0 && sf[b] > 0) uu += uf[a * k + i] * uf[b * k + i];
                }
                for (int r = 0; r < k; r++) mv += m[r * k + (a % k)] * vf[b * k + r];   // (M V)[a, b]
                Assert.Equal(a == b ? 1.0 : 0.0, vv, 13);
                if (sf[a] > 0 && sf[b] > 0) Assert.Equal(a == b ? 1.0 : 0.0, uu, 10);
                Assert.Equal(uf[b * k + a] * sf[b], mv, 13);
            }
    }

    [Theory]
    [InlineData(300, 100)]   // tall: four panels of the blocked QR of A
    [InlineData(100, 300)]   // wide: four panels of the blocked QR of Aᵀ
    public void MinimumNormLeastSquaresEqualsThePseudoinverseFromTheJacobiSvd(int m, int n)
    {
        var a = SimilarityTestData.Gaussian(m, n, 61);   // read as column-major m × n
        for (int i = 0; i < m; i++) a[(n - 1) * m + i] = a[i] + a[m + i];   // one dependent column: rank min(m, n) − (m ≥ n ? 1 : 0)
        var b = SimilarityTestData.Gaussian(m, 1, 62);
        var svd = Svd.Compute(a, m, n);   // A = U Σ Vᵀ, sequential Jacobi, independent of the QR path
        double cut = Math.Max(m, n) * 2.220446049250313e-16 * svd.Values[0];
        var expected = new double[n];
        int rank = 0;
        for (int k = 0; k < n; k++)
        {
            if (!(svd.Values[k] > cut)) continue;
            rank++;
            double proj = 0;
            for (int i = 0; i < m; i++) proj += svd.U[k * m + i] * b[i];
            for (int j = 0; j < n; j++) expected[j] += svd.V[k * n + j] * proj / svd.Values[k];
        }
        var sol = MinimumNormLeastSquares.Solve((double[])a.Clone(), m, n, b, workers: 2);
        Assert.Equal(rank, sol.Rank);
        double scale = expected.Max(Math.Abs);
        for (int j = 0; j < n; j++) Assert.True(Math.Abs(sol.X[j] - expected[j]) <= 1e-9 * scale, $"x[{j}] {sol.X[j]:R} vs {expected[j]:R}");
        var single = MinimumNormLeastSquares.Solve((double[])a.Clone(), m, n, b, workers: 1);
        Assert.Equal(single.X, sol.X);
    }
}
