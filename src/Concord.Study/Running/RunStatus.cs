using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>Where a task stands, as <c>concord status</c> reads it from the artefacts.</summary>
public enum TaskState
{
    /// <summary>Not started (or its inputs have not finished).</summary>
    Pending,
    /// <summary>A live worker holds its lock.</summary>
    Running,
    /// <summary>Its last attempt failed (the reason is kept).</summary>
    Failed,
    /// <summary>Finished.</summary>
    Done,
}

/// <summary>One task's state.</summary>
public sealed record TaskStatusLine(string Id, string Kind, string Label, TaskState State, string Detail);

/// <summary>
/// The state of a run folder read from its files only (no database is opened for writing): each task of
/// <c>plan.json</c> is done (<c>.done</c> marker), running (a live lock), failed (a <c>.failed</c> note) or pending;
/// plus the SHA-256 of the content fingerprint of <c>results.db</c> (<see cref="ResultsStore.ContentFingerprint"/>, the
/// kill/resume tests' comparison) when the collect task has written it.
/// </summary>
public sealed record RunStatus(string RunDirectory, IReadOnlyList<TaskStatusLine> Tasks, string? ResultsFingerprint)
{
    /// <summary>Reads a run folder.</summary>
    public static RunStatus Read(string runDir)
    {
        runDir = Path.GetFullPath(runDir);
        if (!Directory.Exists(runDir)) throw new ConcordException($"{runDir}: run folder not found");
        var plan = PlanDocument.Read(runDir);
        var cache = new ArtefactCache(Path.Combine(runDir, "artefacts"));
        var lines = new List<TaskStatusLine>();
        foreach (var t in plan.Items)
        {
            string hash = t.Id[(t.Kind.Length + 1)..];
            string folder = cache.PathFor(t.Kind, hash);
            if (cache.IsDone(t.Kind, hash)) lines.Add(new(t.Id, t.Kind, t.Label, TaskState.Done, ""));
            else if (FileLock.IsHeld(folder + ".lock")) lines.Add(new(t.Id, t.Kind, t.Label, TaskState.Running, FileLock.Holder(folder + ".lock") ?? ""));
            else if (File.Exists(folder + ".failed")) lines.Add(new(t.Id, t.Kind, t.Label, TaskState.Failed, File.ReadAllText(folder + ".failed").Trim()));
            else lines.Add(new(t.Id, t.Kind, t.Label, TaskState.Pending, ""));
        }
        string? fingerprint = null;
        if (File.Exists(Path.Combine(runDir, ResultsStore.FileName)))
        {
            using var store = ResultsStore.OpenExisting(runDir);
            fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(store.ContentFingerprint())));
        }
        return new RunStatus(runDir, lines, fingerprint);
    }

    /// <summary>Count of tasks in a state.</summary>
    public int Count(TaskState state) => Tasks.Count(t => t.State == state);
}
