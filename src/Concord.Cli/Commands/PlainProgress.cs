using System.Diagnostics;
using System.Globalization;
using Concord.Study.Running;

namespace Concord.Cli.Commands;

/// <summary>
/// Progress for redirected output: one line when a stage starts, at most one per 10 % of its units (or every 30 s), and
/// one when it ends, e.g. <c>[probes] 120/480 (25 %) Regular conv3 → pitch; about 6 min left</c>. Time left is the
/// stage's elapsed time scaled by the plan's estimated seconds of the units left over those of the units computed in
/// this invocation (units found finished and reused cost nothing and are left out): the measured rate applied to the
/// plan's relative costs, since one stage's units differ widely; without estimates, per unit. It is shown once at least
/// one unit has been computed. A notice (damage
/// found, a lock taken over) is always written, on its own line.
/// </summary>
internal sealed class PlainProgress(TextWriter output)
{
    private sealed class StageClock { public Stopwatch Watch = Stopwatch.StartNew(); public int LastTenth = -1; public TimeSpan LastLine; public bool Ended; }

    private readonly Dictionary<string, StageClock> _stages = new(StringComparer.Ordinal);

    public void Report(RunProgress p)
    {
        bool end = p.Message is "Done" or "NotMeasured" or "Failed" or "Off";
        if (!_stages.TryGetValue(p.Stage, out var c))
        {
            _stages[p.Stage] = c = new StageClock();
            if (!end) output.WriteLine($"[{p.Stage}] started");
        }
        if (p.Notice)
        {
            output.WriteLine($"[{p.Stage}] {p.Message}");
            return;
        }
        if (c.Ended) return;
        if (end)
        {
            c.Ended = true;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{p.Stage}] {p.Message.ToLowerInvariant()} after {c.Watch.Elapsed.TotalSeconds:F1} s"));
            return;
        }
        if (p.Total <= 0) return;
        int tenth = (int)(10L * Math.Min(p.Done, p.Total) / p.Total);
        var now = c.Watch.Elapsed;
        if (tenth == c.LastTenth && now - c.LastLine < TimeSpan.FromSeconds(30)) return;
        c.LastTenth = tenth;
        c.LastLine = now;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{p.Stage}] {p.Done}/{p.Total} ({100.0 * p.Done / p.Total:F0} %) {p.Message}{Left(now, p.Done, p.Total, p.Reused, p.PlannedComputed, p.PlannedLeft)}"));
    }

    /// <summary>"; about N min left" from the measured cost of the units computed so far (<paramref name="done"/> less the
    /// <paramref name="reused"/> ones), weighted by the plan's estimates when given, or "" before the first one.</summary>
    internal static string Left(TimeSpan elapsed, int done, int total, int reused = 0, double plannedComputed = 0, double plannedLeft = 0)
    {
        int computed = done - reused;
        if (computed <= 0 || done >= total) return "";
        double seconds = plannedComputed > 0 && plannedLeft > 0
            ? elapsed.TotalSeconds * plannedLeft / plannedComputed
            : elapsed.TotalSeconds / computed * (total - done);
        return seconds < 90 ? string.Create(CultureInfo.InvariantCulture, $"; about {Math.Ceiling(seconds):F0} s left")
            : string.Create(CultureInfo.InvariantCulture, $"; about {Math.Ceiling(seconds / 60):F0} min left");
    }
}
