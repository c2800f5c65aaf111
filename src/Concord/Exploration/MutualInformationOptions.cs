namespace Concord.Exploration;

/// <summary>Options of <see cref="MutualInformation.Classify(ReadOnlySpan{double}, int, int, ReadOnlySpan{int}, MutualInformationOptions?)"/> (scikit-learn's <c>mutual_info_classif</c> defaults).</summary>
public sealed record MutualInformationOptions
{
    /// <summary>k of the k-nearest-neighbour estimator (<c>n_neighbors</c>, default 3).</summary>
    public int Neighbors { get; init; } = 3;

    /// <summary>Seed of the jitter (<c>random_state</c>): NumPy's legacy <c>RandomState(Seed)</c> stream.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Relative size of the jitter added to the scaled columns (scikit-learn: 1e-10, "as advised in Kraskov et al.", to
    /// break ties). 0 adds none (then tied values stay tied and count as neighbours at distance 0).
    /// </summary>
    public double Jitter { get; init; } = 1e-10;

    /// <summary>Worker threads (columns are estimated independently, so the result does not depend on it).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Every problem, each naming its option.</summary>
    public IEnumerable<string> Validate()
    {
        if (Neighbors < 1) yield return $"Neighbors: must be ≥ 1, got {Neighbors}";
        if (Seed < 0) yield return $"Seed: must be ≥ 0, got {Seed}";
        if (!(Jitter >= 0) || double.IsInfinity(Jitter)) yield return $"Jitter: must be finite and ≥ 0, got {Jitter}";
        if (Threads < 1) yield return $"Threads: must be ≥ 1, got {Threads}";
    }
}
