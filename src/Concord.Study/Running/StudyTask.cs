using Concord.Study.Config;

namespace Concord.Study.Running;

/// <summary>
/// One unit of a study's work: a node of the <see cref="StudyPlan"/>. A task is an immutable description derived from
/// the config alone; its <see cref="Hash"/> is the content hash of its options and of its inputs' hashes, so it names
/// its artefact folder (<c>RUN/artefacts/&lt;kind&gt;/&lt;hash&gt;</c>) and changes exactly when something it reads
/// changes. Its <see cref="Inputs"/> are typed references to the tasks whose folders it reads; <see cref="TaskContext.Input"/>
/// refuses any other folder, so a task cannot read state it did not declare.
/// </summary>
public abstract record StudyTask
{
    /// <summary>The task's kind.</summary>
    public abstract StudyTaskKind Kind { get; }

    /// <summary>Content hash (20 hex digits) of the task's options and inputs.</summary>
    public required string Hash { get; init; }

    /// <summary>Stable id: <c>&lt;kind&gt;-&lt;hash&gt;</c>, as <c>concord run --task</c> takes it.</summary>
    public string Id => $"{Kind.ToName()}-{Hash}";

    /// <summary>One line for progress and <c>concord plan</c>.</summary>
    public abstract string Label { get; }

    /// <summary>The tasks whose outputs this one reads.</summary>
    public abstract IReadOnlyList<StudyTask> Inputs { get; }

    /// <summary>Estimated cost in seconds on one core-set of <c>threads</c> (<see cref="TaskCostModel"/>).</summary>
    public abstract double EstimatedSeconds { get; }

    /// <summary>Estimated bytes the task writes into its artefact folder (first-order, from the config's sizes); null when
    /// it cannot be known before the task runs (an imported network's tensors).</summary>
    public virtual long? EstimatedBytes => 0;

    /// <summary>
    /// True when the task resumes from its own checkpoints and so computes in its final folder (training, dataset
    /// preparation); otherwise it computes in a temporary folder renamed into place when complete.
    /// </summary>
    public virtual bool Resumable => false;

    /// <summary>
    /// True when the artefact's data files are read only by the tasks that take it as input (activations), so that under
    /// <c>activations.keep: untilConsumed</c> the runner deletes them once all of those have finished
    /// (<see cref="ArtefactCache.Release"/>); its result rows and <c>*.json</c> descriptors stay.
    /// </summary>
    public virtual bool Intermediate => false;

    /// <summary>Does the work, writing files into <see cref="TaskContext.Folder"/>, and returns the result rows.</summary>
    public abstract TaskResults Execute(TaskContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Two tasks of the same kind and hash are the same work (a task's options are all in its hash). Derived records
    /// add their own members to this comparison, so the tasks of one plan are compared as the instances they are.
    /// </summary>
    public virtual bool Equals(StudyTask? other) => other is not null && other.Kind == Kind && other.Hash == Hash;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Hash);
}
