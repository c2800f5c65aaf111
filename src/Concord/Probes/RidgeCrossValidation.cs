using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// Chooses the ridge penalty α of a linear probe by efficient leave-one-out cross-validation on the training split
/// only, with sklearn <c>RidgeCV(alphas, fit_intercept=True)</c> semantics (its default <c>cv=None</c>, the generalised
/// cross-validation path): for every α of the grid the exact leave-one-out residuals of ridge with an unpenalised
/// intercept are rᵢ = eᵢ / (1 − Hᵢᵢ), where e are the training residuals and H = 11ᵀ/n + X_c (X_cᵀX_c + αI)⁻¹ X_cᵀ is the
/// hat matrix; the score is mean rᵢ², and the α with the smallest score wins (the first one on ties, as sklearn's strict
/// comparison). The centred design is decomposed once through the smaller Gram matrix (X_cᵀX_c when n &gt; d, X_cX_cᵀ
/// otherwise, as sklearn's <c>gcv_mode='auto'</c> picks 'svd' or 'eigen'; <see cref="RidgeFactorisation"/>), so every α costs O(n·rank).
/// </summary>
public static class RidgeCrossValidation
{
    /// <summary>
    /// The default grid: α = 10^(k/2) for k = −4 … 12 (0.01 … 10⁶, 17 values, half-decade steps). On standardised
    /// inputs the largest value shrinks any tap of the study to (almost) the mean predictor, the smallest is close to
    /// least squares when n &gt; d.
    /// </summary>
    public static IReadOnlyList<double> DefaultAlphas { get; } = Enumerable.Range(-4, 17).Select(k => Math.Pow(10, k / 2.0)).ToArray();

    /// <summary>Leave-one-out mean squared error of every α in <paramref name="alphas"/> and the best α.</summary>
    /// <param name="x">Training design [n, d] (already standardised as the probe wants it); n ≥ 2.</param>
    /// <param name="y">Training targets, length n.</param>
    /// <param name="alphas">Candidate penalties, each finite and &gt; 0.</param>
    /// <param name="workers">Threads for the Gram matrix.</param>
    public static RidgeCvResult Select(Matrix x, ReadOnlySpan<double> y, IReadOnlyList<double> alphas, int workers = 2)
    {
        if (y.Length != x.Rows) throw new ArgumentException($"{x.Rows} rows but {y.Length} targets", nameof(y));
        return RidgeFactorisation.Of(x, workers).Select(y, alphas);
    }
}
