using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>The result of <see cref="ExperimentRunner.Run"/>.</summary>
/// <param name="RunDirectory">The run folder.</param>
/// <param name="Stages">Every stage with its status and wall time, in order (including <c>report</c> when one was written).</param>
/// <param name="ReportPath">Path of report.html, or null when no report was written.</param>
public sealed record RunOutcome(string RunDirectory, IReadOnlyList<StageTiming> Stages, string? ReportPath)
{
    /// <summary>True when every requested stage finished (Done, or Off because nothing needed it).</summary>
    public bool Succeeded => Stages.All(s => s.Status is StageStatus.Done or StageStatus.Off);
}
