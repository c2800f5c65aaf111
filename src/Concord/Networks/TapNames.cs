namespace Concord.Networks;

/// <summary>
/// The file, table and config names of the taps: <c>conv1</c>, <c>pool1</c>, <c>conv2</c>, <c>pool2</c>, <c>conv3</c>
/// (lower case, as METHOD.md §6 and the activation files name them). Only the JSON, SQL and file-name edges convert.
/// </summary>
public static class TapNames
{
    /// <summary>The lower-case name, e.g. <c>conv3</c>.</summary>
    public static string ToName(this Tap tap) => tap.ToString().ToLowerInvariant();

    /// <summary>Parses a tap name (case-insensitive).</summary>
    public static bool TryParse(string? name, out Tap tap)
    {
        foreach (var t in Enum.GetValues<Tap>())
            if (string.Equals(t.ToName(), name?.Trim(), StringComparison.OrdinalIgnoreCase)) { tap = t; return true; }
        tap = default;
        return false;
    }

    /// <summary>Parses a tap name stored by Concord; a name it did not write is a corrupt store or file.</summary>
    public static Tap Parse(string name, string where) =>
        TryParse(name, out var t) ? t : throw new ConcordException($"{where}: unknown tap '{name}'; valid: {All}");

    /// <summary>Every tap, in network order.</summary>
    public static IReadOnlyList<Tap> InOrder { get; } = Enum.GetValues<Tap>();

    /// <summary>"conv1|pool1|conv2|pool2|conv3".</summary>
    public static string All => string.Join("|", InOrder.Select(ToName));
}
