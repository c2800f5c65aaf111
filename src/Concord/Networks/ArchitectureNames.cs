namespace Concord.Networks;

/// <summary>The command-line and file names of the architectures: regular, deformable, dilated, freq1d, time1d, feedforward
/// (the study's 1dF and 1dT are accepted as aliases).</summary>
public static class ArchitectureNames
{
    public static string ToName(Architecture a) => a.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out Architecture architecture)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "regular": architecture = Architecture.Regular; return true;
            case "deformable": architecture = Architecture.Deformable; return true;
            case "dilated": architecture = Architecture.Dilated; return true;
            case "freq1d" or "1df": architecture = Architecture.Freq1d; return true;
            case "time1d" or "1dt": architecture = Architecture.Time1d; return true;
            case "feedforward" or "ff": architecture = Architecture.FeedForward; return true;
            default: architecture = default; return false;
        }
    }

    public static string All => string.Join("|", Enum.GetValues<Architecture>().Select(ToName));
}
