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
}
