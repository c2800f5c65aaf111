namespace Concord.Similarity;

/// <summary>
/// SVCCA (Raghu et al. 2017): keep the <c>KeptX</c>/<c>KeptY</c> leading left singular vectors of each centred matrix that
/// explain at least the requested variance (<c>RetainedVarianceX/Y</c> is the fraction actually kept), then CCA on them:
/// <c>R2 = ‖U_Yᵀ U_X‖²_F / d</c>, <c>Rho = ‖U_Yᵀ U_X‖_* / d</c>.
/// </summary>
public sealed record SvccaResult(
    double R2,
    double Rho,
    int KeptX,
    int KeptY,
    double RetainedVarianceX,
    double RetainedVarianceY,
    CcaNormalizer Normalizer,
    int Denominator,
    bool Degenerate,
    SimilarityDimensions Dimensions);
