namespace Concord.Similarity;

/// <summary>
/// Linear-regression similarity (Kornblith et al. 2019, §3): <c>R²_LR(X | Y) = ‖Q_Yᵀ X‖²_F / ‖X‖²_F</c> with Q_Y an
/// orthonormal basis of Y's column space from pivoted QR with a rank tolerance; X and Y column-centred (unless
/// <see cref="SimilarityOptions.CentreInputs"/> is false). Asymmetric, so both directions are reported. The study
/// reports X | Y with X the deep features (METHOD.md §8.2).
/// </summary>
public static class LinearRegressionSimilarity
{
    /// <exception cref="ConcordException">Bad input, or a degenerate pair (p ≥ n − 1) without AllowDegenerate.</exception>
    public static RegressionSimilarityResult Compute(Representation x, Representation y, SimilarityOptions? options = null)
    {
        options ??= new SimilarityOptions();
        options.ThrowIfInvalid();
        var pair = FactorisedPair.Create(CentredMatrix.Create(x, options.CentreInputs), CentredMatrix.Create(y, options.CentreInputs),
            options, "linear-regression R²");
        return Compute(pair, options);
    }

    internal static RegressionSimilarityResult Compute(FactorisedPair pair, SimilarityOptions options) =>
        new(FactorisedPair.Explained(pair.Qy, pair.X, options.Threads), FactorisedPair.Explained(pair.Qx, pair.Y, options.Threads),
            pair.Degenerate, pair.Dimensions());
}
