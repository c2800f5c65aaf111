namespace Concord.Experiments;

/// <summary>Wall time and outcome of one pipeline stage in one run.</summary>
/// <param name="Stage">Stage name (prepare, features, train, ...).</param>
/// <param name="Status">How it ended.</param>
/// <param name="Seconds">Wall time in seconds.</param>
/// <param name="Computed">Artefacts computed in this run.</param>
/// <param name="Reused">Artefacts reused from the content-hash cache.</param>
/// <param name="Note">Reason when not measured or failed; otherwise empty.</param>
public sealed record StageTiming(string Stage, StageStatus Status, double Seconds, int Computed, int Reused, string Note);
