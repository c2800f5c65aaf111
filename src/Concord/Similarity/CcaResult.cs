namespace Concord.Similarity;

/// <summary>
/// CCA: canonical correlations ρ_i are the singular values of Q_Xᵀ Q_Y. <c>R2 = Σρ_i² / d</c>, <c>Rho = Σρ_i / d</c>
/// (a nuclear norm), with d set by <see cref="Normalizer"/> (<see cref="Denominator"/> holds it).
/// </summary>
public sealed record CcaResult(
    double R2,
    double Rho,
    IReadOnlyList<double> Correlations,
    CcaNormalizer Normalizer,
    int Denominator,
    bool Centred,
    bool Degenerate,
    SimilarityDimensions Dimensions);
