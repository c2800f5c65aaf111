using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Concord.Datasets;

/// <summary>
/// <c>manifest.json</c> of a prepared cache: what was prepared from what, with which options and software.
/// Written last by <c>concord prepare</c>, so its presence marks a complete cache. Keys are snake_case.
/// </summary>
public sealed record PrepareManifest
{
    /// <summary><see cref="CacheLayout.FormatVersion"/> of the writer.</summary>
    public required int FormatVersion { get; init; }
    public required string ConcordVersion { get; init; }
    public required string ConcordCommit { get; init; }
    public required string Runtime { get; init; }
    /// <summary>Versions of the libraries Concord.Core references (name → version).</summary>
    public required IReadOnlyDictionary<string, string> Packages { get; init; }
    public required DateTime CreatedUtc { get; init; }
    /// <summary>nsynth, recordings or clips.</summary>
    public required string Dataset { get; init; }
    /// <summary>The input folder or CSV, absolute.</summary>
    public required string Input { get; init; }
    /// <summary>SHA-256 over the index files (examples.json, CSVs, mappings) and every audio file used, in order.</summary>
    public required string InputSha256 { get; init; }
    /// <summary>SHA-256 of each index file (audio files are only in <see cref="InputSha256"/>).</summary>
    public required IReadOnlyDictionary<string, string> IndexFiles { get; init; }
    public required int AudioFileCount { get; init; }
    /// <summary>SHA-256 of the canonical JSON of <see cref="Options"/>.</summary>
    public required string OptionsSha256 { get; init; }
    /// <summary>The resolved options (every default filled in).</summary>
    public required JsonObject Options { get; init; }
    public required int Count { get; init; }
    /// <summary>Recordings and clips of the input that did not become examples, with the reason; null in a cache written
    /// before Concord recorded them (unknown, not "none").</summary>
    public IReadOnlyList<DroppedItem>? Dropped { get; init; }
    public required int Mels { get; init; }
    public required int Frames { get; init; }
    public required int SampleRateHz { get; init; }
    /// <summary>"dB" (power_to_db, ref = max per clip) or "power".</summary>
    public required string MelUnit { get; init; }
    public required int TrainCount { get; init; }
    public required int TestCount { get; init; }
    /// <summary>Integrity manifest: relative path, size and SHA-256 of every file of the cache but this one (mel.npy,
    /// labels.csv, tasks.json, labels/*.npy, splits/*.npy). A rerun compares sizes always and hashes of files up to
    /// 64 MiB, and recomputes a damaged cache. Null in a cache written before Concord recorded them (then each .npy's
    /// size is checked against its header).</summary>
    public IReadOnlyList<Concord.IO.ManifestFile>? Files { get; init; }

    /// <summary>Serialiser settings for manifest.json and tasks.json (snake_case keys, lower-case enums, indented).</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
