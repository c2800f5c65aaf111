using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// Closed-form least-squares probe with an intercept (sklearn <c>LinearRegression()</c> semantics): centre X and y
/// with the training means, solve min ‖X_c w − y_c‖² (+ α‖w‖² for ridge) with the minimum-norm w through an SVD
/// (<see cref="MinimumNormLeastSquares"/>), then b = ȳ − x̄·w. Works for d &gt; n and rank-deficient designs.
/// Computed in double; cost O(n·d·min(n, d)). With <see cref="LinearProbeOptions.RidgeAlphas"/> α is first chosen by
/// leave-one-out cross-validation on the training rows (<see cref="RidgeCrossValidation"/>).
/// </summary>
public sealed class LinearProbe
{
    private readonly LinearProbeOptions _options;

    public LinearProbe(LinearProbeOptions options)
    {
        ProbeInputs.ThrowIfInvalid(options.Validate());
        _options = options;
    }

    /// <exception cref="ConcordException">Row mismatch, empty matrix or non-finite values.</exception>
    public FittedLinearProbe Fit(Matrix x, ReadOnlySpan<double> y)
    {
        ProbeInputs.CheckDesign(x, y.Length, "training");
        ProbeInputs.CheckTargets(y, "training");
        int n = x.Rows, d = x.Cols;
        var mean = new double[d];
        for (int i = 0; i < n; i++) { var r = x.Row(i); for (int j = 0; j < d; j++) mean[j] += r[j]; }
        for (int j = 0; j < d; j++) mean[j] /= n;
        double ym = 0;
        foreach (double v in y) ym += v;
        ym /= n;
        RidgeCvResult? cv = _options.RidgeAlphas is { } grid ? RidgeCrossValidation.Select(x, y, grid, _options.Workers) : null;
        double alpha = cv?.Alpha ?? _options.Ridge;
        var a = new double[(long)n * d];   // column-major centred design
        for (int i = 0; i < n; i++)
        {
            var r = x.Row(i);
            for (int j = 0; j < d; j++) a[(long)j * n + i] = r[j] - mean[j];
        }
        var yc = new double[n];
        for (int i = 0; i < n; i++) yc[i] = y[i] - ym;
        var sol = MinimumNormLeastSquares.Solve(a, n, d, yc, _options.RankTolerance, alpha, _options.Workers);
        double b = ym;
        for (int j = 0; j < d; j++) b -= mean[j] * sol.X[j];
        return new FittedLinearProbe(sol.X, b, sol.Rank, sol.SingularValues, alpha, cv);
    }
}
