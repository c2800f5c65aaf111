using Concord.Study.Running;

using Concord.Experiments;

namespace Concord.Study.Stages;

/// <summary>
/// A stage whose component is not part of this build (or not implemented yet): it does nothing, marks its experiments
/// as not measured with <paramref name="reason"/>, so the report says so plainly instead of showing numbers.
/// </summary>
/// <param name="name">Stage name.</param>
/// <param name="dependsOn">Stages it would need.</param>
/// <param name="reason">Why it cannot run, in one sentence.</param>
/// <param name="experiments">Experiment ids it would have produced.</param>
public sealed class UnavailableStage(string name, IReadOnlyList<string> dependsOn, string reason, IReadOnlyList<string> experiments) : IRunStage
{
    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public IReadOnlyList<string> DependsOn => dependsOn;

    /// <inheritdoc />
    public StageResult Run(StageContext context, CancellationToken cancellationToken)
    {
        foreach (string e in experiments) context.State.Mark(e, StageStatus.NotMeasured, reason);
        return StageResult.NotMeasured(reason);
    }
}
