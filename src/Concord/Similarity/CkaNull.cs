namespace Concord.Similarity;

/// <summary>Which permutation null gives the p-value of linear CKA.</summary>
public enum CkaNull
{
    /// <summary>No p-value (unless <see cref="SimilarityOptions.Permutations"/> &gt; 0, which always runs the Monte Carlo test).</summary>
    None,
    /// <summary>Exact permutation moments and a Pearson type III tail (<see cref="CkaMomentNull"/>); costs about one CKA plus Σ(x_i·x_j)³.</summary>
    Moments,
}
