using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// Closed-form least-squares probe with an intercept (sklearn <c>LinearRegression()</c> semantics): centre X and y
/// with the training means, solve min ‖X_c w − y_c‖² (+ α‖w‖² for ridge) with the minimum-norm w through an SVD
/// (<see cref="MinimumNormLeastSquares"/>), then b = ȳ − x̄·w. Works for d &gt; n and rank-deficient designs.
/// Computed in double; cost O(n·d·min(n, d)). With <see cref="LinearProbeOptions.RidgeAlphas"/> α is first chosen by
/// leave-one-out cross-validation on the training rows (<see cref="RidgeCrossValidation"/>) and the ridge solution is
/// read from the same eigendecomposition (<see cref="RidgeFactorisation"/>), which every target of one design can share.
/// </summary>
public sealed class LinearProbe
{
    private readonly LinearProbeOptions _options;

    public LinearProbe(LinearProbeOptions options)
    {
        ProbeInputs.ThrowIfInvalid(options.Validate());
        _options = options;
    }

    /// <summary>Fits the probe on <paramref name="x"/>. With <see cref="LinearProbeOptions.RidgeAlphas"/>, α is chosen and
    /// the coefficients computed from one <see cref="RidgeFactorisation"/> of <paramref name="x"/>: <paramref name="shared"/>
    /// when given (it must be of this very design; other targets of the same design reuse it), else a new one. Without,
    /// the least-squares (or fixed-α ridge) fit reads <paramref name="sharedLeastSquares"/>'s factorisation when given
    /// (again of this very design), else makes one.</summary>
    /// <exception cref="ConcordException">Row mismatch, empty matrix or non-finite values.</exception>
    public FittedLinearProbe Fit(Matrix x, ReadOnlySpan<double> y, RidgeFactorisation? shared = null, LeastSquaresDesign? sharedLeastSquares = null)
    {
        ProbeInputs.CheckDesign(x, y.Length, "training");
        ProbeInputs.CheckTargets(y, "training");
        if (_options.RidgeAlphas is { } alphas)
        {
            if (shared is not null && shared.Rows != x.Rows) throw new ArgumentException($"the shared factorisation has {shared.Rows} rows, the design {x.Rows}", nameof(shared));
            var f = shared ?? RidgeFactorisation.Of(x, _options.Workers);
            var cv = f.Select(y, alphas);
            return f.Fit(y, cv.Alpha, cv);
        }
        if (sharedLeastSquares is not null && sharedLeastSquares.Rows != x.Rows)
            throw new ArgumentException($"the shared factorisation has {sharedLeastSquares.Rows} rows, the design {x.Rows}", nameof(sharedLeastSquares));
        return (sharedLeastSquares ?? LeastSquaresDesign.Of(x, _options.Workers)).Fit(y, _options.RankTolerance, _options.Ridge);
    }
}
