namespace Concord.Datasets;

/// <summary>NSynth's fixed vocabularies: the 11 instrument families and the 3 instrument sources, by id.</summary>
public static class NSynthFamilies
{
    /// <summary>Family names indexed by <c>instrument_family</c> id.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["bass", "brass", "flute", "guitar", "keyboard", "mallet", "organ", "reed", "string", "synth_lead", "vocal"];

    /// <summary>Source names indexed by <c>instrument_source</c> id.</summary>
    public static IReadOnlyList<string> Sources { get; } = ["acoustic", "electronic", "synthetic"];

    public const int Bass = 0;
    public const int Organ = 6;
    public const int Acoustic = 0;

    /// <summary>The id of a family name, or −1.</summary>
    public static int IdOf(string name)
    {
        for (int i = 0; i < Names.Count; i++) if (Names[i] == name) return i;
        return -1;
    }
}
