using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// The part of a least-squares probe that depends on the design only: the training column means and the QR + SVD of the
/// centred design (<see cref="MinimumNormLeastSquares.Factor"/>). Every regression target of one design shares it, and
/// each target's fit is exactly the one <see cref="MinimumNormLeastSquares.Solve"/> gives on its own.
/// </summary>
public sealed class LeastSquaresDesign
{
    private readonly double[] _mean;
    private readonly MinimumNormLeastSquares.Factorisation _factors;

    private LeastSquaresDesign(double[] mean, MinimumNormLeastSquares.Factorisation factors)
    {
        _mean = mean;
        _factors = factors;
    }

    /// <summary>Training rows of the design.</summary>
    public int Rows => _factors.M;

    /// <summary>Centres <paramref name="x"/> with its column means (double) and factors it.</summary>
    /// <param name="x">The (standardised) training design [n, d].</param>
    /// <param name="workers">Threads for the QR updates.</param>
    public static LeastSquaresDesign Of(Matrix x, int workers)
    {
        int n = x.Rows, d = x.Cols;
        var mean = Centring.ColumnMeans(x);
        var a = new double[(long)n * d];   // column-major centred design
        for (int i = 0; i < n; i++)
        {
            var r = x.Row(i);
            for (int j = 0; j < d; j++) a[(long)j * n + i] = r[j] - mean[j];
        }
        return new LeastSquaresDesign(mean, MinimumNormLeastSquares.Factor(a, n, d, workers));
    }

    /// <summary>min ‖X_c w − y_c‖² (+ α‖w‖²) with the minimum-norm w, then b = ȳ − x̄·w.</summary>
    internal FittedLinearProbe Fit(ReadOnlySpan<double> y, double? rankTolerance, double alpha)
    {
        var (yc, ym) = Centring.Centre(y);
        var sol = _factors.Solve(yc, rankTolerance, alpha);
        return new FittedLinearProbe(sol.X, Centring.Intercept(ym, _mean, sol.X), sol.Rank, sol.SingularValues, alpha);
    }
}
