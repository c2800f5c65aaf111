using System.Text.Json.Serialization;
using Concord.Audio;
using Concord.Spectral;

namespace Concord.Datasets;

/// <summary>
/// Everything <c>concord prepare</c> needs besides the input and output paths. Defaults: the paper's mel parameters
/// (<see cref="MelSpectrogramOptions"/>), its 70/30 seed-17 random split, 4 s clips; <see cref="ForProfile"/> sets the
/// profile-dependent pad mode. The resolved record is written to manifest.json and hashed to detect reruns.
/// </summary>
public sealed record PrepareOptions
{
    public DatasetKind Dataset { get; init; } = DatasetKind.NSynth;
    public DatasetProfile Profile { get; init; } = DatasetProfile.Corrected;

    /// <summary>Keep this many examples, drawn with NumPy-legacy <c>choice(N, Limit, replace=False)</c> seeded by <see cref="Seed"/> (null = all).
    /// For NSynth the draw is over the notes left by <see cref="NSynth"/>'s filters, as in the paper.</summary>
    public int? Limit { get; init; }

    /// <summary>Seed of the subsample draw.</summary>
    public int Seed { get; init; } = 17;

    /// <summary>NSynth filters (acoustic only, no bass/organ); <see cref="NSynthFilterOptions.Limit"/> and its seed are taken from <see cref="Limit"/>/<see cref="Seed"/>.</summary>
    public NSynthFilterOptions NSynth { get; init; } = new();

    public RecordingsOptions Recordings { get; init; } = new();
    public SplitOptions Split { get; init; } = new();
    public MelSpectrogramOptions Mel { get; init; } = new();

    /// <summary>Audio is resampled to this rate; null = the dataset's default (NSynth 16,000 Hz; recordings and clips 22,050 Hz).</summary>
    public int? SampleRateHz { get; init; }

    /// <summary>Store mel power instead of dB.</summary>
    public bool Power { get; init; }

    /// <summary>Clips per block: the unit of parallel work, of resumption and of memory (block × mels × frames floats).</summary>
    [JsonIgnore] public int BlockSize { get; init; } = 256;

    /// <summary>Worker threads for decoding and mel computation.</summary>
    [JsonIgnore] public int MaxDegreeOfParallelism { get; init; } = 2;

    /// <summary>Options with the profile's defaults: paper → reflect padding; corrected → constant padding.</summary>
    public static PrepareOptions ForProfile(DatasetProfile profile) => new()
    {
        Profile = profile,
        Mel = new MelSpectrogramOptions { PadMode = profile == DatasetProfile.Paper ? PadMode.Reflect : PadMode.Constant },
    };

    /// <summary>The sample rate used: <see cref="SampleRateHz"/> or the dataset default.</summary>
    public int ResolvedSampleRateHz => SampleRateHz ?? (Dataset == DatasetKind.NSynth ? 16000 : 22050);

    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Dataset)) yield return "Dataset is not defined";
        if (!Enum.IsDefined(Profile)) yield return "Profile is not defined";
        if (Limit is <= 0) yield return "Limit must be > 0";
        if (Seed < 0) yield return "Seed must be >= 0";
        if (SampleRateHz is <= 0) yield return "SampleRateHz must be > 0";
        if (SampleRateHz > Limits.MaxSampleRateHz) yield return $"SampleRateHz must be ≤ {Limits.MaxSampleRateHz}";
        if (BlockSize <= 0) yield return "BlockSize must be > 0";
        if (MaxDegreeOfParallelism <= 0) yield return "MaxDegreeOfParallelism must be > 0";
        foreach (var e in NSynth.Validate()) yield return e;
        foreach (var e in Recordings.Validate()) yield return e;
        foreach (var e in Split.Validate()) yield return e;
        foreach (var e in Mel.Validate(ResolvedSampleRateHz)) yield return e;
    }
}
