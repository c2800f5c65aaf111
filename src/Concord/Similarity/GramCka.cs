namespace Concord.Similarity;

/// <summary>
/// CKA between two n × n Gram matrices (Kornblith's <c>cka(gram_x, gram_y, debiased)</c> with <c>center_gram</c>):
/// biased centring HKH, and the unbiased centring (zero diagonal, column means over n − 2, corrected by the grand
/// mean / 2(n − 1)) for the debiased estimate.
/// </summary>
internal static class GramCka
{
    /// <summary>Biased and unbiased HSIC terms of Gram matrices K and L (row-major n × n); <paramref name="linear"/> adds traces.</summary>
    public static CkaTerms Terms(double[] k, double[] l, int n, bool linear)
    {
        var (mk, uk) = Means(k, n); var (ml, ul) = Means(l, n);
        double xy = 0, xx = 0, yy = 0, uxy = 0, uxx = 0, uyy = 0;
        for (int i = 0; i < n; i++)
        {
            long o = (long)i * n;
            for (int j = 0; j < n; j++)
            {
                double a = k[o + j] - mk[i] - mk[j], b = l[o + j] - ml[i] - ml[j];
                xy += a * b; xx += a * a; yy += b * b;
                if (i == j) continue;
                double ua = k[o + j] - uk[i] - uk[j], ub = l[o + j] - ul[i] - ul[j];
                uxy += ua * ub; uxx += ua * ua; uyy += ub * ub;
            }
        }
        double? tk = null, tl = null;
        if (linear) { tk = 0; tl = 0; for (int i = 0; i < n; i++) { tk += k[(long)i * n + i] - 2 * mk[i]; tl += l[(long)i * n + i] - 2 * ml[i]; } }
        return new CkaTerms(n, xy, xx, yy, uxy, uxx, uyy, tk, tl);
    }

    private static (double[] Biased, double[] Unbiased) Means(double[] g, int n)
    {
        var m = new double[n]; var u = new double[n];
        for (int i = 0; i < n; i++)
        {
            long o = (long)i * n;
            for (int j = 0; j < n; j++) { m[j] += g[o + j]; if (i != j) u[j] += g[o + j]; }
        }
        double mm = 0, um = 0;
        for (int j = 0; j < n; j++) { m[j] /= n; mm += m[j]; u[j] /= n - 2.0; um += u[j]; }
        mm /= n; um /= 2.0 * (n - 1);
        for (int j = 0; j < n; j++) { m[j] -= mm / 2; u[j] -= um; }
        return (m, u);
    }
}
