namespace Concord.Similarity;

/// <summary>The similarity measures <see cref="SimilarityAnalysis"/> can compute.</summary>
public enum SimilarityMeasure
{
    /// <summary>Linear CKA (Kornblith et al. 2019), biased and debiased side by side.</summary>
    LinearCka,
    /// <summary>CKA with a Gaussian (RBF) kernel, bandwidth = threshold × median pairwise distance.</summary>
    RbfCka,
    /// <summary>Linear-regression R² in both directions.</summary>
    LinearRegression,
    /// <summary>Canonical correlation analysis: mean squared and mean canonical correlation.</summary>
    Cca,
    /// <summary>SVCCA: keep the singular directions explaining a fraction of the variance, then CCA.</summary>
    Svcca,
}
