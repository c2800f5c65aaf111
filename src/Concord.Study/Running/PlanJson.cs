using System.Text.Json;
using System.Text.Json.Serialization;
using Concord.Study.Config;

namespace Concord.Study.Running;

/// <summary>One task as <c>plan.json</c> and <c>concord plan --json</c> list it.</summary>
public sealed record PlannedTask(string Id, string Kind, string Label, int Level, IReadOnlyList<string> Inputs, double EstimatedSeconds, long? EstimatedBytes = null);

/// <summary>The plan as JSON: every task with its kind, label, level, inputs, estimated cost and estimated bytes written;
/// <see cref="EstimatedBytes"/> sums the tasks whose size is known (<see cref="UnknownBytes"/> counts the others);
/// <see cref="FinalBytesUntilConsumed"/> leaves out the intermediate artefacts (activations), what remains at the end under
/// <c>activations.keep: untilConsumed</c>.</summary>
public sealed record PlanDocument(int Tasks, int Levels, double EstimatedSeconds, double CriticalPathSeconds, IReadOnlyList<PlannedTask> Items,
    long EstimatedBytes = 0, int UnknownBytes = 0, long FinalBytesUntilConsumed = 0)
{
    /// <summary>Reads <c>plan.json</c> of a run folder.</summary>
    public static PlanDocument Read(string runDir)
    {
        string path = Path.Combine(runDir, ExperimentRunner.PlanFile);
        if (!File.Exists(path)) throw new ConcordException($"{path}: not found; {runDir} is not a run folder of this version (run, slurm or plan --out write it)");
        try { return JsonSerializer.Deserialize<PlanDocument>(File.ReadAllText(path), ExperimentConfigLoader.Options) ?? throw new JsonException("empty"); }
        catch (JsonException ex) { throw new ConcordException($"{path}: unreadable plan ({ex.Message})"); }
    }
}

/// <summary>Writes a plan as JSON.</summary>
public static class PlanJson
{
    /// <summary>The document of a plan under a cost function (default: the estimates).</summary>
    public static PlanDocument Document(StudyPlan plan, Func<StudyTask, double>? cost = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        cost ??= t => t.EstimatedSeconds;
        var items = plan.Tasks.Select(t => new PlannedTask(t.Id, t.Kind.ToName(), t.Label, plan.Level(t), t.Inputs.Select(i => i.Id).ToList(), Math.Round(cost(t), 3),
            t.EstimatedBytes)).ToList();
        return new PlanDocument(items.Count, plan.LevelCount, Math.Round(plan.Tasks.Sum(cost), 3), Math.Round(plan.CriticalPath(cost).Seconds, 3), items,
            items.Sum(i => i.EstimatedBytes ?? 0), items.Count(i => i.EstimatedBytes is null), plan.Tasks.Where(t => !t.Intermediate).Sum(t => t.EstimatedBytes ?? 0));
    }

    /// <summary>The JSON text.</summary>
    public static string Write(StudyPlan plan, Func<StudyTask, double>? cost = null) => JsonSerializer.Serialize(Document(plan, cost), ExperimentConfigLoader.Options);
}
