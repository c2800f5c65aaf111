using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>A progress report from the runner: stage <see cref="Stage"/> has done <see cref="Done"/> of <see cref="Total"/> units.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Done">Units finished.</param>
/// <param name="Total">Units in the stage (0 when unknown).</param>
/// <param name="Message">What is being worked on.</param>
/// <param name="Notice">A message the log must keep whatever its progress rate limits (damage found and recomputed, an
/// artefact accepted without a manifest, a lock taken over), rather than a transient status line.</param>
/// <param name="Reused">Of the <see cref="Done"/> units, those found finished and reused (no cost measured), which a
/// time-left estimate must leave out.</param>
/// <param name="PlannedComputed">The plan's estimated seconds (<see cref="StudyTask.EstimatedSeconds"/>) of the units
/// computed in this invocation, or 0.</param>
/// <param name="PlannedLeft">The plan's estimated seconds of the units not finished yet, or 0. A time-left estimate scales
/// them by the measured rate, since units of one stage differ widely in cost (a 23,040-column probe against a feature).</param>
public sealed record RunProgress(string Stage, int Done, int Total, string Message, bool Notice = false, int Reused = 0,
    double PlannedComputed = 0, double PlannedLeft = 0);
