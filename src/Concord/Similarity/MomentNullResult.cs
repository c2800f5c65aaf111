namespace Concord.Similarity;

/// <summary>
/// The permutation null of linear CKA (= the RV coefficient) from its exact moments over all n! row shuffles of Y
/// (<see cref="CkaMomentNull"/>): mean, standard deviation and skewness of the biased CKA under shuffling, the observed
/// value's standardised score, and the upper-tail p-value of the Pearson type III distribution with those moments.
/// </summary>
public sealed record MomentNullResult(
    double Observed,
    double Mean,
    double StandardDeviation,
    double Skewness,
    double StandardizedScore,
    double PBiased,
    GramInvariantForm FormX,
    GramInvariantForm FormY);

/// <summary>How the cubic sums behind the skewness were computed for one side.</summary>
public enum GramInvariantForm
{
    /// <summary>From p × p products; Σ (x_i·x_j)³ through the third-moment tensor (n p³/2 multiply-adds, p² &lt; n).</summary>
    FeatureTensor,
    /// <summary>From p × p products; Σ (x_i·x_j)³ over tiles of the n × n Gram matrix, never held whole (n² p/2).</summary>
    FeatureGramTiles,
    /// <summary>From the whole n × n Gram matrix (n ≤ p).</summary>
    Gram,
    /// <summary>From p × p products, with the two sums over pairs of rows that enter only the third moment,
    /// Σ_{i≠j} (x_i·x_j)³ and the off-diagonal part of Σ_i d_i (A²)_ii, estimated from a seeded sample of
    /// <see cref="SimilarityOptions.MomentSampleRows"/> rows (m² p/2): n above that many rows. Mean and variance exact.</summary>
    FeatureGramSample,
}
