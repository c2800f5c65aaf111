namespace Concord.Experiments;

/// <summary>Whether one experiment of the study was measured in this run, and why not.</summary>
/// <param name="Experiment">Experiment id (see <see cref="ExperimentIds"/>).</param>
/// <param name="Status">Done, Off (switched off), NotMeasured (with reason) or Failed.</param>
/// <param name="Reason">Why it is not Done; empty when Done.</param>
public sealed record ExperimentState(string Experiment, StageStatus Status, string Reason);
