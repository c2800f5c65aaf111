namespace Concord.Similarity;

/// <summary>
/// A CKA value with its debiased counterpart. Biased: HSIC₀(K,L)/√(HSIC₀(K,K) HSIC₀(L,L)); debiased: the same ratio of
/// unbiased HSIC estimates (Song et al. 2012; Kornblith's <c>debiased=True</c>). The debiased value can be slightly
/// negative for unrelated data; it is NaN when an unbiased self-HSIC is not positive.
/// </summary>
public sealed record CkaResult(double Biased, double Debiased, LinearCkaForm Form, string Kernel, SimilarityDimensions Dimensions);
