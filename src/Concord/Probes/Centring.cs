using Concord.Numerics;

namespace Concord.Probes;

/// <summary>The centring both linear-probe factorisations share: column means of the design, the centred target, and
/// the intercept b = ȳ − x̄·w that undoes the centring (sklearn's <c>fit_intercept</c>).</summary>
internal static class Centring
{
    /// <summary>Column means of <paramref name="x"/> in double, summed in row order.</summary>
    public static double[] ColumnMeans(Matrix x)
    {
        int n = x.Rows, d = x.Cols;
        var mean = new double[d];
        for (int i = 0; i < n; i++) { var r = x.Row(i); for (int j = 0; j < d; j++) mean[j] += r[j]; }
        for (int j = 0; j < d; j++) mean[j] /= n;
        return mean;
    }

    /// <summary>y − ȳ and ȳ.</summary>
    public static (double[] Centred, double Mean) Centre(ReadOnlySpan<double> y)
    {
        double ym = 0;
        foreach (double v in y) ym += v;
        ym /= y.Length;
        var yc = new double[y.Length];
        for (int i = 0; i < y.Length; i++) yc[i] = y[i] - ym;
        return (yc, ym);
    }

    /// <summary>ȳ − x̄·w.</summary>
    public static double Intercept(double yMean, double[] columnMeans, double[] w)
    {
        double b = yMean;
        for (int j = 0; j < columnMeans.Length; j++) b -= columnMeans[j] * w[j];
        return b;
    }
}
