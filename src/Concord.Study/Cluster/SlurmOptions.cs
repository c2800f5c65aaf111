namespace Concord.Study.Cluster;

/// <summary>What <c>concord slurm</c> asks the cluster for, and how a worker starts Concord.</summary>
public sealed record SlurmOptions
{
    /// <summary>Partition (<c>--partition</c>), or null for the cluster's default.</summary>
    public string? Partition { get; init; }
    /// <summary>Time limit per task (<c>--time</c>, Slurm's format, e.g. <c>02:00:00</c>), or null for the partition's default.</summary>
    public string? Time { get; init; }
    /// <summary>CPUs per task (<c>--cpus-per-task</c>); the config's <c>threads</c> when null.</summary>
    public int? CpusPerTask { get; init; }
    /// <summary>Memory per task (<c>--mem</c>, e.g. <c>8G</c>), or null.</summary>
    public string? Memory { get; init; }
    /// <summary>Generic resources per task (<c>--gres</c>, e.g. <c>gpu:1</c>), or null.</summary>
    public string? Gres { get; init; }
    /// <summary>The command line that starts Concord on a node, e.g. <c>/usr/bin/dotnet /opt/concord/concord.dll</c>.</summary>
    public required IReadOnlyList<string> Concord { get; init; }
    /// <summary>The config file (absolute; the cluster's nodes must see the same path).</summary>
    public required string ConfigPath { get; init; }
    /// <summary>The run folder (absolute, on a filesystem every node shares).</summary>
    public required string RunDirectory { get; init; }
    /// <summary>Extra arguments of every <c>concord run</c> (the smoke-test limits).</summary>
    public IReadOnlyList<string> RunArguments { get; init; } = [];
    /// <summary>Most elements per job array (Slurm's default <c>MaxArraySize</c> is 1001); larger levels are split.</summary>
    public int MaxArraySize { get; init; } = 1000;
}
