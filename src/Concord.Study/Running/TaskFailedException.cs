using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>
/// A task that failed (bad input or options, like any <see cref="ConcordException"/>) but has rows describing its
/// failure, such as a diverged network: the runner keeps them next to the failure note
/// (<c>&lt;hash&gt;.failed.json</c>) and the collect task puts them into the run summary, so the report can say what
/// happened. Tasks that read the failed one are not run.
/// </summary>
public sealed class TaskFailedException(string message, TaskResults partial) : ConcordException(message)
{
    /// <summary>The rows about the failure (e.g. <see cref="TaskResults.Diverged"/>).</summary>
    public TaskResults Partial { get; } = partial;
}
