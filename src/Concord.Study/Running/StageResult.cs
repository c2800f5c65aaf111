using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>How a stage ended: status, artefacts computed and reused, and a note (the reason when not measured).</summary>
public sealed record StageResult(StageStatus Status, int Computed, int Reused, string Note)
{
    /// <summary>Finished.</summary>
    public static StageResult Done(int computed, int reused, string note = "") => new(StageStatus.Done, computed, reused, note);
    /// <summary>Could not be measured in this build or with these inputs.</summary>
    public static StageResult NotMeasured(string reason) => new(StageStatus.NotMeasured, 0, 0, reason);
    /// <summary>Nothing to do: every experiment needing it is switched off.</summary>
    public static StageResult Off(string reason) => new(StageStatus.Off, 0, 0, reason);
}
