namespace Concord.Datasets;

/// <summary>Train/test split settings. Defaults are the paper's: unstratified 70/30 with seed 17 (METHOD.md §3.1).</summary>
public sealed record SplitOptions
{
    public SplitKind Kind { get; init; } = SplitKind.Random;
    /// <summary>Fraction of examples in the test set; the test size is round(N·f) (paper: 15,000 of 50,000).</summary>
    public double TestFraction { get; init; } = 0.3;
    /// <summary>Seed of NumPy's legacy RandomState (paper: 17).</summary>
    public int Seed { get; init; } = 17;

    public IEnumerable<string> Validate()
    {
        if (!(TestFraction > 0 && TestFraction < 1)) yield return "Split.TestFraction must be in (0, 1)";
        if (Seed < 0) yield return "Split.Seed must be >= 0";
        if (!Enum.IsDefined(Kind)) yield return $"Split.Kind {Kind} is not defined";
    }
}
