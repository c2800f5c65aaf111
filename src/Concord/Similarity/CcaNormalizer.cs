namespace Concord.Similarity;

/// <summary>What the sums of (squared) canonical correlations are divided by.</summary>
public enum CcaNormalizer
{
    /// <summary>min(rank_x, rank_y), the number of canonical pairs (Kornblith et al. 2019). Values lie in [0, 1].</summary>
    MinDimension,
    /// <summary>
    /// The first (deep) matrix's column count p_x, as the study's code does (METHOD.md §8.2): bounded by p_y/p_x when
    /// p_x &gt; p_y. The <c>paper</c> profile.
    /// </summary>
    FirstDimension,
}
