namespace Concord.Similarity;

/// <summary>Everything <see cref="SimilarityAnalysis.Compute"/> measured for one pair; absent measures are null.</summary>
public sealed record SimilarityReport(
    string NameX,
    string NameY,
    SimilarityDimensions Dimensions,
    CkaResult? LinearCka,
    CkaResult? RbfCka,
    RegressionSimilarityResult? Regression,
    CcaResult? Cca,
    SvccaResult? Svcca,
    PermutationResult? Permutation,
    BootstrapInterval? Bootstrap);
