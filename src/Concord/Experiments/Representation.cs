using System.Globalization;
using Concord.Networks;

namespace Concord.Experiments;

/// <summary>
/// Identifies one representation (a side of a probe or of a similarity comparison) with tidy, nullable key fields.
/// Fields that do not apply to a kind are null (a hand-crafted set has no architecture or seed).
/// </summary>
/// <param name="Kind">What the representation is.</param>
/// <param name="Architecture">Network architecture, deep only.</param>
/// <param name="Seed">Initialisation seed of the network, deep only.</param>
/// <param name="Trained">True for trained weights, false for the untrained network with the same initial weights.</param>
/// <param name="Tap">Layer tap.</param>
/// <param name="TrainTask">The task the network was trained on (robustness matrix), deep only.</param>
/// <param name="FeatureSet">Hand-crafted feature set name (also the hand-crafted half of a concatenation).</param>
/// <param name="Variant">Channel-count variant name (Table 10), null for the standard network.</param>
/// <param name="Channel">Single channel index for per-channel comparisons (Figs. 46–47), null for all channels.</param>
/// <param name="Network">The imported network's name (<see cref="RepresentationKind.External"/> only).</param>
/// <param name="Layer">The imported network's tensor name (<see cref="RepresentationKind.External"/> only).</param>
public sealed record Representation(
    RepresentationKind Kind,
    Architecture? Architecture = null,
    int? Seed = null,
    bool? Trained = null,
    Tap? Tap = null,
    string? TrainTask = null,
    string? FeatureSet = null,
    string? Variant = null,
    int? Channel = null,
    string? Network = null,
    string? Layer = null)
{
    /// <summary>A hand-crafted feature set.</summary>
    public static Representation Handcrafted(string featureSet) => new(RepresentationKind.Handcrafted, FeatureSet: featureSet);

    /// <summary>A network layer tap.</summary>
    public static Representation Deep(Architecture architecture, int seed, bool trained, Tap tap, string trainTask, string? variant = null, int? channel = null) =>
        new(RepresentationKind.Deep, architecture, seed, trained, tap, trainTask, Variant: variant, Channel: channel);

    /// <summary>A tensor of an imported network (<paramref name="trained"/> false: the same graph with its initial weights).</summary>
    public static Representation External(string network, string layer, bool trained) =>
        new(RepresentationKind.External, Trained: trained, Network: network, Layer: layer);

    /// <summary>The networks' input (dB mel spectrogram).</summary>
    public static Representation Input { get; } = new(RepresentationKind.Input);

    /// <summary>The majority-class / mean baseline.</summary>
    public static Representation Chance { get; } = new(RepresentationKind.Chance);

    /// <summary>A short human-readable label, e.g. "Regular conv3 (s1, trained on family)" or "wave25".</summary>
    public string Label => Kind switch
    {
        RepresentationKind.Handcrafted => FeatureSet ?? "?",
        RepresentationKind.Chance => "Chance",
        RepresentationKind.Random => "Random",
        RepresentationKind.Input => "mel spectrogram",
        RepresentationKind.Network => $"{Architecture} network" + (Variant is null ? "" : $" [{Variant}]"),
        RepresentationKind.External => $"{(Trained == false ? "untrained " : "")}{Network} {Layer}",
        RepresentationKind.Concatenated => $"{Architecture} {Tap?.ToName()} + {FeatureSet}",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"{(Trained == false ? "untrained " : "")}{Architecture} {Tap?.ToName()}{(Channel is int c ? $" ch{c}" : "")}{(Variant is null ? "" : $" [{Variant}]")}"),
    };

    /// <summary>The same representation with the seed removed, used to group results over seeds.</summary>
    public Representation WithoutSeed() => this with { Seed = null };
}
