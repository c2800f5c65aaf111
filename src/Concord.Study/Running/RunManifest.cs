using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>
/// <c>RUN/manifest.json</c>: what produced the run's outputs. Rewritten atomically after every stage, so an interrupted
/// run's manifest shows how far it got.
/// </summary>
public sealed record RunManifest
{
    /// <summary>Concord version.</summary>
    public string Version { get; init; } = BuildInfo.Version;
    /// <summary>Concord's git commit.</summary>
    public string Commit { get; init; } = BuildInfo.Commit;
    /// <summary>.NET runtime.</summary>
    public string Runtime { get; init; } = BuildInfo.Runtime;
    /// <summary>OS description.</summary>
    public string Os { get; init; } = System.Runtime.InteropServices.RuntimeInformation.OSDescription;
    /// <summary>Versions of the libraries that compute results (assembly name → version).</summary>
    public IReadOnlyDictionary<string, string> Packages { get; init; } = new Dictionary<string, string>();
    /// <summary>Hash of the resolved config.</summary>
    public required string ConfigHash { get; init; }
    /// <summary>Seeds.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [];
    /// <summary>Device.</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>Numeric back-end setup of the process that ran the stages (from <see cref="RunOptions.ComputeEnvironment"/>).</summary>
    public IReadOnlyDictionary<string, string> ComputeEnvironment { get; init; } = new Dictionary<string, string>();
    /// <summary>Threads.</summary>
    public int Threads { get; init; }
    /// <summary>UTC start.</summary>
    public string StartedUtc { get; init; } = "";
    /// <summary>UTC end (empty while running).</summary>
    public string FinishedUtc { get; init; } = "";
    /// <summary>Tasks in the plan.</summary>
    public int Tasks { get; init; }
    /// <summary>Tasks finished when the run was collected.</summary>
    public int TasksDone { get; init; }
    /// <summary>Per task kind: status, wall time of the tasks computed by this invocation, computed and reused counts.</summary>
    public IReadOnlyList<StageTiming> Stages { get; init; } = [];
}
