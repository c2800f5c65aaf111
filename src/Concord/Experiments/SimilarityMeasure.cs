namespace Concord.Experiments;

/// <summary>The similarity measures the study reports (METHOD.md §8).</summary>
public enum SimilarityMeasure
{
    /// <summary>Linear CKA, feature-space form.</summary>
    LinearCka,
    /// <summary>R²_LR: variance of the left side explained by a regression on the right side.</summary>
    R2Lr,
    /// <summary>R²_CCA: ‖Q_Yᵀ Q_X‖_F² / p.</summary>
    R2Cca,
    /// <summary>Mean canonical correlation ρ̄_CCA.</summary>
    MeanRhoCca,
    /// <summary>SVCCA R².</summary>
    SvccaR2,
    /// <summary>SVCCA mean ρ.</summary>
    SvccaMeanRho,
}
