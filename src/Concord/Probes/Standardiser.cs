using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// Column z-scoring fitted on a feature matrix: z = (x − μ) / s with μ the column mean and s the population standard
/// deviation (ddof 0); columns with zero variance get s = 1, so they are only centred. Matches sklearn
/// <c>StandardScaler()</c> (statistics accumulated in double).
/// </summary>
public sealed class Standardiser
{
    /// <summary>Column means, length d.</summary>
    public IReadOnlyList<double> Mean => _mean;
    /// <summary>Column scales (population SD, or 1 for zero-variance columns), length d.</summary>
    public IReadOnlyList<double> Scale => _scale;

    private readonly double[] _mean;
    private readonly double[] _scale;

    private Standardiser(double[] mean, double[] scale) { _mean = mean; _scale = scale; }

    /// <summary>Fits column statistics on <paramref name="x"/> ([n, d], n ≥ 1).</summary>
    public static Standardiser Fit(Matrix x)
    {
        if (x.Rows == 0) throw new ArgumentException("cannot fit a standardiser on zero rows", nameof(x));
        int n = x.Rows, d = x.Cols;
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            var r = x.Row(i);
            for (int j = 0; j < d; j++) mean[j] += r[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        var ss = new double[d];
        for (int i = 0; i < n; i++)
        {
            var r = x.Row(i);
            for (int j = 0; j < d; j++) { double t = r[j] - mean[j]; ss[j] += t * t; }
        }
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            double sd = Math.Sqrt(ss[j] / n);
            // sklearn treats variances below ~10·ε·mean² as zero (_is_constant_feature); a constant float column
            // has ss == 0 exactly, so the simple test matches it for real data.
            scale[j] = sd == 0 || sd < 10 * 2.220446049250313e-16 * Math.Abs(mean[j]) ? 1.0 : sd;
        }
        return new Standardiser(mean, scale);
    }

    /// <summary>Returns a new matrix (x − μ) / s (computed in double, stored as float32).</summary>
    public Matrix Transform(Matrix x)
    {
        if (x.Cols != _mean.Length) throw new ArgumentException($"matrix has {x.Cols} columns, the standardiser was fitted on {_mean.Length}", nameof(x));
        var y = new Matrix(x.Rows, x.Cols);
        for (int i = 0; i < x.Rows; i++)
        {
            var src = x.Row(i);
            var dst = y.Row(i);
            for (int j = 0; j < src.Length; j++) dst[j] = (float)((src[j] - _mean[j]) / _scale[j]);
        }
        return y;
    }

    /// <summary>Standardises a train/test pair according to <paramref name="mode"/>.</summary>
    public static (Matrix Train, Matrix Test) Apply(Matrix train, Matrix test, StandardizationMode mode)
    {
        var fit = Fit(train);
        var testFit = mode == StandardizationMode.TestSelf ? Fit(test) : fit;
        return (fit.Transform(train), testFit.Transform(test));
    }
}
