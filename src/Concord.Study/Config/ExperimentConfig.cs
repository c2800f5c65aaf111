using Concord.Experiments;
using Concord.Networks;

namespace Concord.Study.Config;

/// <summary>
/// One study, as one JSON file (camelCase keys, enums as camelCase strings, unknown keys rejected). Load it with
/// <see cref="ExperimentConfigLoader.Load"/>, which collects every error with its key path. Defaults are the study's
/// NSynth setup (METHOD.md), except the profile, which defaults to <c>corrected</c>.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>Architectures of the study (METHOD.md §1.2), in table order.</summary>
    public static IReadOnlyList<Architecture> KnownArchitectures { get; } = [Architecture.Regular, Architecture.Deformable, Architecture.Dilated, Architecture.Freq1d, Architecture.Time1d];

    /// <summary>Layer taps, in network order.</summary>
    public static IReadOnlyList<Tap> KnownTaps { get; } = TapNames.InOrder;

    /// <summary>Run name (used in the report title).</summary>
    public string Name { get; init; } = "study";
    /// <summary>Quirk profile.</summary>
    public Profile Profile { get; init; } = Profile.Corrected;
    /// <summary>Per-quirk overrides of the profile.</summary>
    public QuirkSwitches Quirks { get; init; } = new();
    /// <summary>The data.</summary>
    public DatasetSection Dataset { get; init; } = new();
    /// <summary>Mel front end.</summary>
    public FrontEndSection FrontEnd { get; init; } = new();
    /// <summary>Hand-crafted features: registry names, the sets "paper" / "all", or features computed elsewhere
    /// (<see cref="FeatureEntry"/>: <c>{"name", "npy", "ids"}</c>).</summary>
    public IReadOnlyList<FeatureEntry> Features { get; init; } = ["paper"];
    /// <summary>Imported (ONNX) networks analysed next to the built-in architectures; none by default.</summary>
    public IReadOnlyList<ExternalNetwork> Networks { get; init; } = [];
    /// <summary>Convolutional architectures to train (see <see cref="KnownArchitectures"/>).</summary>
    public IReadOnlyList<Architecture> Architectures { get; init; } = KnownArchitectures;
    /// <summary>Channel-count variants of the Regular network (Table 10; the study used seeds 1, 10, 17 for them).</summary>
    public IReadOnlyList<ChannelVariant> ChannelVariants { get; init; } = [];
    /// <summary>Initialisation seeds.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [1, 10, 17, 25, 177];
    /// <summary>Taps recorded for the all-layer analyses (conv3 is always recorded).</summary>
    public IReadOnlyList<Tap> Taps { get; init; } = KnownTaps;
    /// <summary>Architectures whose every tap is analysed (the study: Regular and Deformable).</summary>
    public IReadOnlyList<Architecture> AllLayerArchitectures { get; init; } = [Architecture.Regular, Architecture.Deformable];
    /// <summary>Storage of extracted activations.</summary>
    public ActivationsSection Activations { get; init; } = new();
    /// <summary>Network training.</summary>
    public TrainingSection Training { get; init; } = new();
    /// <summary>Probes.</summary>
    public ProbeSection Probes { get; init; } = new();
    /// <summary>Similarity measures and resampling.</summary>
    public SimilaritySection Similarity { get; init; } = new();
    /// <summary>Experiment switches.</summary>
    public ExperimentSwitches Experiments { get; init; } = new();
    /// <summary>Options of the exploration figures and the per-channel CKA.</summary>
    public ExplorationSection Exploration { get; init; } = new();
    /// <summary>Compute device.</summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Cpu;
    /// <summary>Threads for TorchSharp and managed parallel loops (null = all cores).</summary>
    public int? Threads { get; init; }
    /// <summary>
    /// Memory budget of one task in decimal gigabytes (default 4). A probe, similarity or deep-vs-deep task whose
    /// estimated working set (<see cref="MemoryEstimate"/>) exceeds it is refused with the numbers instead of run; the run
    /// warns about such tasks when it starts. With <c>--jobs J</c>, J tasks may each use up to this much.
    /// </summary>
    public double MemoryGb { get; init; } = 4;

    /// <summary>The budget in bytes.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long MemoryBytes => (long)(MemoryGb * 1e9);
    /// <summary>Output folder (relative to the config file's folder); <c>--out</c> overrides it.</summary>
    public string Output { get; init; } = "runs/study";

    /// <summary>Every problem in the config, each naming its key path.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("name: required");
        errors.AddRange(Dataset.Validate());
        errors.AddRange(FrontEnd.Validate());
        errors.AddRange(Training.Validate());
        errors.AddRange(Probes.Validate());
        errors.AddRange(Similarity.Validate());
        errors.AddRange(Exploration.Validate());
        if (Features.Count == 0) errors.Add("features: at least one feature or set");
        for (int i = 0; i < Features.Count; i++)
        {
            var f = Features[i];
            bool builtin = f.Name is "paper" or "all" || Concord.Features.FeatureRegistry.Default.All.Any(r => r.Name == f.Name);
            if (string.IsNullOrWhiteSpace(f.Name)) errors.Add($"features[{i}]: empty name");
            else if (f.IsExternal)
            {
                if (!Concord.IO.FileNames.IsPlainStem(f.Name)) errors.Add($"features[{i}].name: '{f.Name}' must be a plain name (no '/', '\\', ':' or '..')");
                else if (builtin) errors.Add($"features[{i}].name: '{f.Name}' is a built-in feature; give the external one another name (e.g. '{f.Name}_ext')");
                if (string.IsNullOrWhiteSpace(f.Npy)) errors.Add($"features[{i}].npy: required");
                if (string.IsNullOrWhiteSpace(f.Ids)) errors.Add($"features[{i}].ids: required");
            }
            else if (!builtin)
                errors.Add($"features[{i}]: unknown feature '{f.Name}'; valid names: "
                           + string.Join(", ", Concord.Features.FeatureRegistry.Default.All.Select(r => r.Name)) + " (or the sets 'paper', 'all', or {\"name\", \"npy\", \"ids\"} for a feature computed elsewhere)");
            else if (Dataset.Kind == DatasetSource.Arrays)
                errors.Add($"features[{i}]: '{f.Name}' is computed from audio, which an arrays dataset does not have; list features computed elsewhere ({{\"name\", \"npy\", \"ids\"}})");
        }
        var externalNames = Features.Where(f => f.IsExternal).Select(f => f.Name).ToList();
        if (externalNames.Distinct(StringComparer.Ordinal).Count() != externalNames.Count) errors.Add("features: two external features share a name");
        for (int i = 0; i < Networks.Count; i++) errors.AddRange(Networks[i].Validate($"networks[{i}]"));
        if (Networks.Select(n => n.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != Networks.Count) errors.Add("networks: duplicate name");
        CheckNames(errors, "architectures", Architectures, KnownArchitectures);
        CheckNames(errors, "allLayerArchitectures", AllLayerArchitectures, KnownArchitectures);
        CheckNames(errors, "taps", Taps, KnownTaps);
        if (Taps.Count == 0) errors.Add("taps: at least one tap (of " + string.Join(", ", KnownTaps) + ")");
        if (Architectures.Count == 0) errors.Add("architectures: at least one architecture");
        for (int i = 0; i < AllLayerArchitectures.Count; i++)
            if (!Architectures.Contains(AllLayerArchitectures[i])) errors.Add($"allLayerArchitectures[{i}]: '{AllLayerArchitectures[i]}' is not in architectures");
        if (Seeds.Count == 0) errors.Add("seeds: at least one seed");
        if (Seeds.Distinct().Count() != Seeds.Count) errors.Add("seeds: duplicate seed");
        for (int i = 0; i < ChannelVariants.Count; i++)
        {
            var v = ChannelVariants[i];
            if (string.IsNullOrWhiteSpace(v.Name)) errors.Add($"channelVariants[{i}].name: required");
            if (v.Conv1 <= 0 || v.Conv2 <= 0 || v.Conv3 <= 0) errors.Add($"channelVariants[{i}]: channel counts must be > 0");
            if (v.Conv1 > Limits.MaxChannels || v.Conv2 > Limits.MaxChannels || v.Conv3 > Limits.MaxChannels)
                errors.Add($"channelVariants[{i}]: channel counts must be ≤ {Limits.MaxChannels}");
        }
        if (ChannelVariants.Select(v => v.Name).Distinct().Count() != ChannelVariants.Count) errors.Add("channelVariants: duplicate name");
        if (Threads is <= 0) errors.Add("threads: must be > 0");
        if (!(MemoryGb > 0) || !double.IsFinite(MemoryGb)) errors.Add("memoryGb: must be a number of gigabytes > 0");
        if (string.IsNullOrWhiteSpace(Output)) errors.Add("output: required");
        return errors;
    }

    private static void CheckNames<T>(List<string> errors, string key, IReadOnlyList<T> values, IReadOnlyList<T> known) where T : struct, Enum
    {
        for (int i = 0; i < values.Count; i++)
            if (!known.Contains(values[i]))
                errors.Add($"{key}[{i}]: '{VocabularyName(values[i])}' is not allowed here; valid: {string.Join(", ", known.Select(VocabularyName))}"
                           + (values[i] is Architecture.FeedForward ? " (the Feed-Forward baseline is switched on by training.feedForward)" : ""));
        if (values.Distinct().Count() != values.Count) errors.Add($"{key}: duplicate entry");
    }

    /// <summary>The name a config uses for a vocabulary value (the JSON edge: camelCase, as the loader reads and writes it).</summary>
    private static string VocabularyName<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
