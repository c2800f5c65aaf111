using Concord.Study.Config;

using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>Everything a stage gets: the resolved config, the run folder, the artefact cache, the results store and the run state.</summary>
public sealed class StageContext
{
    /// <summary>The resolved config (overrides applied).</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>Folder the config file was in (relative dataset paths resolve against it).</summary>
    public required string ConfigDirectory { get; init; }
    /// <summary>The run folder.</summary>
    public required string RunDirectory { get; init; }
    /// <summary>Content-addressed artefacts.</summary>
    public required ArtefactCache Cache { get; init; }
    /// <summary>The results database.</summary>
    public required ResultsStore Store { get; init; }
    /// <summary>Outputs of earlier stages.</summary>
    public required RunState State { get; init; }
    /// <summary>Recompute even when cached.</summary>
    public bool Force { get; init; }
    /// <summary>Progress sink.</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Resolves a path from the config against the config's folder.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(ConfigDirectory, path));

    /// <summary>Reports progress of stage <paramref name="stage"/>.</summary>
    public void Report(string stage, int done, int total, string message) => Progress?.Report(new RunProgress(stage, done, total, message));
}
