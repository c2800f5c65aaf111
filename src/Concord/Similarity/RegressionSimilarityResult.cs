namespace Concord.Similarity;

/// <summary>
/// Linear-regression similarity in both directions: <c>XGivenY = ‖Q_Yᵀ X‖²_F / ‖X‖²_F</c>, the fraction of X's (centred)
/// variance explained by a least-squares regression on Y, and <c>YGivenX</c> the reverse. Degenerate: a side has
/// rank ≥ n − 1, so the fit is trivially perfect.
/// </summary>
public sealed record RegressionSimilarityResult(double XGivenY, double YGivenX, bool Degenerate, SimilarityDimensions Dimensions);
