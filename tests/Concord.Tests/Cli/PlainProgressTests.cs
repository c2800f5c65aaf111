using Concord.Cli.Commands;
using Concord.Datasets;
using Concord.Study.Running;

namespace Concord.Tests.Cli;

/// <summary>Redirected output: plain lines, no record dumps, one end line per stage, time left from finished units.</summary>
public class PlainProgressTests
{
    [Fact]
    public void PlainLinesWithoutRecordDumpsAndOneEndLinePerStage()
    {
        var w = new StringWriter();
        var p = new PlainProgress(w);
        p.Report(new RunProgress("prepare", 0, 0, new PrepareProgress("mel", 120, 480).ToString()));
        for (int i = 1; i <= 100; i++) p.Report(new RunProgress("probes", i, 100, $"unit {i}"));
        p.Report(new RunProgress("probes", 1, 1, "Done"));
        p.Report(new RunProgress("probes", 1, 1, "Done"));
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, l => l.Contains("PrepareProgress {") || l.Contains("RunProgress {"));
        Assert.Equal("mel 120/480", new PrepareProgress("mel", 120, 480).ToString());
        Assert.Single(lines, l => l.StartsWith("[probes] done after", StringComparison.Ordinal));
        // One line per tenth of the units (1 %, 10 %, 20 %, …, 100 %) plus start and end, not one per unit.
        Assert.InRange(lines.Count(l => l.StartsWith("[probes]", StringComparison.Ordinal)), 12, 14);
    }

    [Fact]
    public void TimeLeftComesFromTheFinishedUnits()
    {
        Assert.Equal("", PlainProgress.Left(TimeSpan.FromSeconds(10), 0, 10));
        Assert.Equal("; about 30 s left", PlainProgress.Left(TimeSpan.FromSeconds(10), 1, 4));
        Assert.Equal("; about 9 min left", PlainProgress.Left(TimeSpan.FromMinutes(1), 1, 10));
        // 8 of 24 found finished: the rate comes from the 1 computed unit (a resumed run), not from 9 "done" ones
        Assert.Equal("; about 15 min left", PlainProgress.Left(TimeSpan.FromMinutes(1), 9, 24, reused: 8));
        Assert.Equal("", PlainProgress.Left(TimeSpan.FromMinutes(1), 8, 24, reused: 8));
        Assert.Equal("", PlainProgress.Left(TimeSpan.FromMinutes(1), 10, 10));
    }

    [Fact]
    public void TimeLeftWeighsTheUnitsLeftByThePlansEstimates()
    {
        // The realistic study's probes: 4 wide taps (planned 164 s each) took 16 min; 130 units left, planned 4,000 s in all.
        // Per unit that would say 520 min; the measured rate on the planned costs says 16 min × 4,000 / 656 ≈ 98 min.
        Assert.Equal("; about 98 min left", PlainProgress.Left(TimeSpan.FromMinutes(16), 4, 134, plannedComputed: 4 * 164, plannedLeft: 4_000));
        Assert.Equal("; about 520 min left", PlainProgress.Left(TimeSpan.FromMinutes(16), 4, 134));
        // No estimates (a stage without them): per unit.
        Assert.Equal("; about 30 s left", PlainProgress.Left(TimeSpan.FromSeconds(10), 1, 4, plannedComputed: 0, plannedLeft: 0));
    }
}
