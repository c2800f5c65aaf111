namespace Concord.Datasets;

/// <summary>
/// A deliberately simple hand-crafted baseline used to check that a prepared dataset is learnable but not trivial:
/// the feature is each mel band's mean over time (dB), x ∈ ℝ^mels; classification is nearest centroid on
/// train-standardised features, regression is ridge regression (λ = 1 on standardised features, intercept unpenalised).
/// It is a sanity check of the data, not one of the paper's probes (those live in Concord.Probes).
/// </summary>
public static class MelBandBaseline
{
    /// <summary>Per-band time means of every example, <c>[Count][Mels]</c>.</summary>
    public static double[][] MeanBandFeatures(PreparedCache cache)
    {
        var x = new double[cache.Count][];
        int mels = cache.Mels, frames = cache.Frames;
        var row = new float[mels * frames];
        using var reader = cache.OpenMel();
        for (int i = 0; i < cache.Count; i++)
        {
            reader.ReadRows<float>(i, 1, row);
            x[i] = new double[mels];
            for (int m = 0; m < mels; m++)
            {
                double s = 0;
                for (int t = 0; t < frames; t++) s += row[m * frames + t];
                x[i][m] = s / frames;
            }
        }
        return x;
    }

    /// <summary>Test accuracy of nearest-centroid classification (Euclidean, on features z-scored with train statistics).</summary>
    public static double NearestCentroidAccuracy(double[][] x, long[] labels, long[] train, long[] test)
    {
        var z = Standardise(x, train);
        var classes = train.Select(i => labels[i]).Distinct().Order().ToArray();
        var centroids = classes.Select(c =>
        {
            var members = train.Where(i => labels[i] == c).ToArray();
            return Enumerable.Range(0, z[0].Length).Select(d => members.Average(i => z[i][d])).ToArray();
        }).ToArray();
        int correct = 0;
        foreach (long i in test)
        {
            int best = 0; double bestD = double.MaxValue;
            for (int c = 0; c < classes.Length; c++)
            {
                double d = 0;
                for (int k = 0; k < z[i].Length; k++) d += (z[i][k] - centroids[c][k]) * (z[i][k] - centroids[c][k]);
                if (d < bestD) { bestD = d; best = c; }
            }
            if (classes[best] == labels[i]) correct++;
        }
        return correct / (double)test.Length;
    }

    /// <summary>Test RMSE of ridge regression (λ = <paramref name="lambda"/>) on train-standardised features, and of predicting the train mean.</summary>
    public static (double Rmse, double BaselineRmse) RidgeRmse(double[][] x, double[] y, long[] train, long[] test, double lambda = 1.0)
    {
        var z = Standardise(x, train);
        int d = z[0].Length;
        double mean = train.Average(i => y[i]);
        // Normal equations (ZᵀZ + λI) w = Zᵀ(y − ȳ); Z is centred on train, so the intercept is ȳ.
        var a = new double[d, d];
        var b = new double[d];
        foreach (long i in train)
            for (int p = 0; p < d; p++)
            {
                b[p] += z[i][p] * (y[i] - mean);
                for (int q = 0; q <= p; q++) a[p, q] += z[i][p] * z[i][q];
            }
        for (int p = 0; p < d; p++) { a[p, p] += lambda; for (int q = 0; q < p; q++) a[q, p] = a[p, q]; }
        var w = SolveCholesky(a, b);
        double se = 0, seBase = 0;
        foreach (long i in test)
        {
            double pred = mean;
            for (int p = 0; p < d; p++) pred += w[p] * z[i][p];
            se += (pred - y[i]) * (pred - y[i]);
            seBase += (mean - y[i]) * (mean - y[i]);
        }
        return (Math.Sqrt(se / test.Length), Math.Sqrt(seBase / test.Length));
    }

    private static double[][] Standardise(double[][] x, long[] train)
    {
        int d = x[0].Length;
        var mu = new double[d]; var sd = new double[d];
        for (int k = 0; k < d; k++)
        {
            mu[k] = train.Average(i => x[i][k]);
            double v = train.Average(i => (x[i][k] - mu[k]) * (x[i][k] - mu[k]));
            sd[k] = v > 0 ? Math.Sqrt(v) : 1;
        }
        return x.Select(r => r.Select((v, k) => (v - mu[k]) / sd[k]).ToArray()).ToArray();
    }

    private static double[] SolveCholesky(double[,] a, double[] b)
    {
        int n = b.Length;
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(Math.Max(s, 1e-12)) : s / l[j, j];
            }
        var yv = new double[n];
        for (int i = 0; i < n; i++) { double s = b[i]; for (int k = 0; k < i; k++) s -= l[i, k] * yv[k]; yv[i] = s / l[i, i]; }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--) { double s = yv[i]; for (int k = i + 1; k < n; k++) s -= l[k, i] * x[k]; x[i] = s / l[i, i]; }
        return x;
    }
}
