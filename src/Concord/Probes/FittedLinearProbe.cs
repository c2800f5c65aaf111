using Concord.Numerics;

namespace Concord.Probes;

/// <summary>A fitted linear-regression probe: ŷ = x·w + b.</summary>
public sealed class FittedLinearProbe
{
    /// <summary>Coefficients w, length d.</summary>
    public double[] Coefficients { get; }
    public double Intercept { get; }
    /// <summary>Effective rank of the centred training design (number of singular values kept).</summary>
    public int Rank { get; }

    /// <summary>The ridge penalty used (0 for least squares).</summary>
    public double Alpha { get; }
    /// <summary>The cross-validation that chose <see cref="Alpha"/>, or null when α was fixed.</summary>
    public RidgeCvResult? CrossValidation { get; }

    internal FittedLinearProbe(double[] coef, double intercept, int rank, double alpha = 0, RidgeCvResult? crossValidation = null)
    {
        Alpha = alpha;
        CrossValidation = crossValidation;
        Coefficients = coef;
        Intercept = intercept;
        Rank = rank;
    }

    /// <summary>ŷ for each row of <paramref name="x"/> ([n, d]); dot products in double.</summary>
    public double[] Predict(Matrix x)
    {
        if (x.Cols != Coefficients.Length) throw new ArgumentException($"matrix has {x.Cols} columns, the probe was fitted on {Coefficients.Length}", nameof(x));
        var y = new double[x.Rows];
        for (int i = 0; i < x.Rows; i++)
        {
            var r = x.Row(i);
            double s = Intercept;
            for (int j = 0; j < r.Length; j++) s += r[j] * Coefficients[j];
            y[i] = s;
        }
        return y;
    }

    /// <summary>R² on (x, y), as sklearn's regressor <c>score</c>.</summary>
    public double Score(Matrix x, ReadOnlySpan<double> y) => ProbeMetrics.R2(y, Predict(x));
}
