namespace Concord.Similarity;

/// <summary>Everything <see cref="SimilarityAnalysis.Compute(Representation, Representation, SimilarityOptions, IProgress{string})"/> measured for one pair; absent measures are null.</summary>
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
    BootstrapInterval? Bootstrap)
{
    /// <summary>The moment-based null of linear CKA, when <see cref="SimilarityOptions.Null"/> asked for it.</summary>
    public MomentNullResult? MomentNull { get; init; }
}
