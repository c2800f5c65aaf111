using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>Command-line overrides of one <c>concord run</c>.</summary>
public sealed record RunOptions
{
    /// <summary>Output folder (null = the config's <c>output</c>, resolved against the config's folder).</summary>
    public string? OutputDirectory { get; init; }
    /// <summary>Task kinds (<see cref="StudyTaskKindNames"/>) to recompute even when cached (their dependents are recomputed too).</summary>
    public IReadOnlySet<string> Force { get; init; } = new HashSet<string>();
    /// <summary>Use at most this many examples (smoke tests).</summary>
    public int? LimitNotes { get; init; }
    /// <summary>Train for at most this many epochs (smoke tests).</summary>
    public int? LimitEpochs { get; init; }
    /// <summary>Where the config came from (its file path), named at the start of every config error; null = "config".</summary>
    public string? ConfigSource { get; init; }
    /// <summary>Use only the first this-many seeds (smoke tests: the number of networks, probes and pairs scales with the seeds).</summary>
    public int? LimitSeeds { get; init; }

    /// <summary>
    /// Most tasks run at once in this process. Each task computes with the config's <c>threads</c> (part of every hash,
    /// so results do not depend on this number); fewer run at once when that many would oversubscribe the cores.
    /// </summary>
    public int Jobs { get; init; } = 1;

    /// <summary>
    /// Compare every file of every finished artefact with its manifest's SHA-256 (not only models, features and files of
    /// at most 64 MiB), and stop with an error naming the file at the first damaged or unverifiable artefact instead of
    /// recomputing it.
    /// </summary>
    public bool Verify { get; init; }

    /// <summary>Run exactly this task (its inputs must be finished) and nothing else; null runs the whole plan.</summary>
    public string? TaskId { get; init; }

    /// <summary>How the numeric back ends were set up in this process (e.g. which convolution implementation libtorch
    /// uses, allocator settings): recorded in the manifest as <see cref="RunManifest.ComputeEnvironment"/>; never part
    /// of an artefact hash, since these settings change speed or the last float32 bits, not the method.</summary>
    public IReadOnlyDictionary<string, string> ComputeEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Every problem.</summary>
    public IEnumerable<string> Validate()
    {
        if (LimitNotes is <= 0) yield return "--limit-notes must be > 0";
        if (LimitEpochs is <= 0) yield return "--limit-epochs must be > 0";
        if (LimitSeeds is <= 0) yield return "--limit-seeds must be > 0";
        if (Jobs <= 0) yield return "--jobs must be > 0";
    }
}
