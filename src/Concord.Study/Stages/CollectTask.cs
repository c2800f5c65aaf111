using Concord.Study.Running;

namespace Concord.Study.Stages;

/// <summary>
/// <c>collect</c>: the last task of every plan. It reads every finished task's <c>results.json</c> into
/// <c>results.db</c> (the database's only writer, so workers on other machines never open it), prunes rows of
/// earlier configs once the study is complete, stores the run summary and writes the report. It runs whatever
/// finished: a task that failed or never ran is reported as not measured. Its work is done by the runner
/// (<see cref="ExperimentRunner"/>), which owns the run folder.
/// </summary>
public sealed record CollectTask : StudyTask
{
    /// <summary>Every other task of the plan.</summary>
    public required IReadOnlyList<StudyTask> All { get; init; }

    public override StudyTaskKind Kind => StudyTaskKind.Collect;
    public override string Label => $"collect {All.Count} tasks into results.db and write the report";
    public override IReadOnlyList<StudyTask> Inputs => All;
    public override double EstimatedSeconds => 2 + 0.01 * All.Count;

    /// <summary>The collect task of a plan.</summary>
    public static CollectTask For(IReadOnlyList<StudyTask> all) => new() { All = all, Hash = ArtefactCache.Hash("collect", null, all.Select(t => t.Id)) };

    /// <summary>Collecting needs the run folder: the runner does it.</summary>
    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the collect task is run by ExperimentRunner");
}
