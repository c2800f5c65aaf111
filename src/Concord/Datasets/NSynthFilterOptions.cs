namespace Concord.Datasets;

/// <summary>
/// Which NSynth notes to keep. The defaults reproduce the paper's subset (METHOD.md §3.1): acoustic notes only,
/// bass (0) and organ (6) dropped, then a seeded random subsample of <see cref="Limit"/> notes.
/// </summary>
public sealed record NSynthFilterOptions
{
    /// <summary>Keep only <c>instrument_source == 0</c> (acoustic).</summary>
    public bool AcousticOnly { get; init; } = true;

    /// <summary>Family ids to drop (paper: bass 0 and organ 6).</summary>
    public IReadOnlyList<int> ExcludedFamilies { get; init; } = [NSynthFamilies.Bass, NSynthFamilies.Organ];

    /// <summary>Keep this many notes, drawn without replacement (null = all). The paper used 50,000.</summary>
    public int? Limit { get; init; }

    /// <summary>Seed of the subsample draw: NumPy-legacy <c>np.random.seed(Seed); np.random.choice(M, Limit, replace=False)</c>.
    /// The paper's draw was unseeded, so its exact subset cannot be recovered.</summary>
    public int Seed { get; init; }

    public IEnumerable<string> Validate()
    {
        if (Limit is <= 0) yield return "NSynth.Limit must be > 0";
        if (Seed < 0) yield return "NSynth.Seed must be >= 0";
        foreach (int f in ExcludedFamilies)
            if (f < 0 || f >= NSynthFamilies.Names.Count) yield return $"NSynth.ExcludedFamilies: {f} is not a family id (0-10)";
    }
}
