using System.Text.Json;
using Concord.Experiments;
using Concord.IO;
using Concord.Study.Config;

namespace Concord.Study.Running;

/// <summary>A PCA projection with the hash its rows are stored under.</summary>
public sealed record StoredProjection(string ArtefactHash, PcaProjection Projection);

/// <summary>
/// The result rows one task produced, written as <c>results.json</c> into its folder. Only the collect task puts them
/// into <c>results.db</c>, so workers on other machines never open the database.
/// </summary>
public sealed record TaskResults
{
    /// <summary>File name inside a task folder.</summary>
    public const string FileName = "results.json";

    public IReadOnlyList<ProbeRecord> Probes { get; init; } = [];
    public IReadOnlyList<ConfusionRecord> Confusions { get; init; } = [];
    public IReadOnlyList<SimilarityRecord> Similarities { get; init; } = [];
    public IReadOnlyList<TrainingEpochRecord> Epochs { get; init; } = [];
    public IReadOnlyList<ExampleSpectrogram> Examples { get; init; } = [];
    public IReadOnlyList<ClassTraceRecord> Traces { get; init; } = [];
    public IReadOnlyList<StoredProjection> Projections { get; init; } = [];
    public IReadOnlyList<MutualInformationRecord> MutualInformation { get; init; } = [];
    /// <summary>Networks that diverged (only in the rows of a failed train task, <see cref="TaskFailedException"/>).</summary>
    public IReadOnlyList<DivergedNetwork> Diverged { get; init; } = [];
    /// <summary>Experiments this task found it could not measure (with the reason), e.g. class figures of a regression task.</summary>
    public IReadOnlyList<ExperimentState> NotMeasured { get; init; } = [];
    /// <summary>One line for the summary.</summary>
    public string Note { get; init; } = "";

    /// <summary>No rows.</summary>
    public static TaskResults None { get; } = new();

    /// <summary>Every artefact hash the rows are stored under (for pruning stale rows).</summary>
    public IEnumerable<string> Hashes() =>
        Probes.Select(r => r.ArtefactHash).Concat(Confusions.Select(r => r.ArtefactHash)).Concat(Similarities.Select(r => r.ArtefactHash))
            .Concat(Epochs.Select(r => r.ArtefactHash)).Concat(Examples.Select(r => r.ArtefactHash)).Concat(Traces.Select(r => r.ArtefactHash))
            .Concat(Projections.Select(r => r.ArtefactHash)).Concat(MutualInformation.Select(r => r.ArtefactHash));

    /// <summary>Writes the rows into a task folder.</summary>
    public void Write(string folder) => WriteFile(Path.Combine(folder, FileName));

    /// <summary>Writes the rows to a file (a failed task's rows go next to its folder).</summary>
    public void WriteFile(string path) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, ExperimentConfigLoader.Options));

    /// <summary>Reads the rows of a finished task folder.</summary>
    public static TaskResults Read(string folder) => ReadFile(Path.Combine(folder, FileName), folder);

    /// <summary>Reads rows written by <see cref="WriteFile"/>; <paramref name="folder"/> is named in the advice to delete and rerun.</summary>
    public static TaskResults ReadFile(string path, string folder)
    {
        if (!File.Exists(path)) throw new ConcordException($"{path}: a finished task's result rows are missing (delete {folder} and rerun)");
        try { return JsonSerializer.Deserialize<TaskResults>(File.ReadAllText(path), ExperimentConfigLoader.Options) ?? None; }
        catch (JsonException ex) { throw new ConcordException($"{path}: unreadable result rows ({ex.Message}); delete {folder} and rerun"); }
    }
}
