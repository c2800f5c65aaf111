namespace Concord.Similarity;

/// <summary>
/// Permutation test of linear CKA: the rows of Y are shuffled <c>Permutations</c> times (seeded) and
/// <c>P = (k + 1)/(N + 1)</c> with k the number of shuffles whose CKA is at least the observed one.
/// <c>NullMean*</c> is the mean CKA under shuffling: the chance level the observed value should be read against.
/// </summary>
public sealed record PermutationResult(
    int Permutations,
    int Seed,
    double PBiased,
    double PDebiased,
    double NullMeanBiased,
    double NullMeanDebiased,
    double NullMaxBiased);
