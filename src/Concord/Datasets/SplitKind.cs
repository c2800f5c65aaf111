namespace Concord.Datasets;

/// <summary>How examples are divided into train and test.</summary>
public enum SplitKind
{
    /// <summary>The paper's split (METHOD.md §3.1): <c>np.random.seed(seed); test = np.random.choice(N, k, replace=False)</c>,
    /// unstratified, reproduced bit-for-bit with <see cref="LegacyNumpyRandom"/>.</summary>
    Random,
    /// <summary>Per class of the stratify task, a seeded shuffle puts round(n_c·f) examples in test.</summary>
    Stratified,
    /// <summary>Group-disjoint: whole groups (e.g. instruments) go to train or test, never both; balanced per class when groups nest in classes.</summary>
    Group,
}
