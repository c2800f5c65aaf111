using System.Globalization;
using Concord.Experiments;
using Concord.Study.Config;
using Concord.Study.Running;
using Spectre.Console;

namespace Concord.Cli.Commands;

/// <summary>Runs a study with Spectre.Console progress bars (one per stage, with ETA) and prints the summary table.</summary>
internal static class RunReporter
{
    /// <summary>Prints, once, the similarity measures the config's pairs cannot get and the representations over the memory
    /// budget (<see cref="MeasureForecast"/>).</summary>
    public static void WarnUncomputableMeasures(ExperimentConfig resolved, string configDirectory)
    {
        var rows = MeasureForecast.TrainRows(resolved, configDirectory);
        foreach (string w in MeasureForecast.Warnings(resolved, rows).Concat(MeasureForecast.MemoryWarnings(resolved, rows)))
            AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
    }

    public static RunOutcome RunWithProgress(ExperimentRunner runner, ExperimentConfig config, string configDirectory, RunOptions options, CancellationToken ct)
    {
        options = options with { ComputeEnvironment = ComputeEnvironment() };
        RunOutcome? outcome = null;
        if (Console.IsOutputRedirected)
        {
            // Not a terminal: plain lines (a live progress widget re-renders its whole table into a file), then one summary.
            var plain = new PlainProgress(Console.Out);
            outcome = runner.Run(config, configDirectory, options, TestKillSwitch.Wrap(new SyncProgress<RunProgress>(plain.Report)), ct);
            PrintSummary(outcome);
            return outcome;
        }
        var console = AnsiConsole.Console;
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var gate = new object();
                var sink = TestKillSwitch.Wrap(new SyncProgress<RunProgress>(p =>
                {
                    lock (gate)
                    {
                        if (p.Notice)
                        {
                            console.MarkupLine($"[yellow]{Markup.Escape(p.Stage)}[/]: {Markup.Escape(p.Message)}");
                            return;
                        }
                        if (!tasks.TryGetValue(p.Stage, out var t))
                            tasks[p.Stage] = t = ctx.AddTask(Markup.Escape(p.Stage), maxValue: 1);
                        if (p.Total > 0) { t.MaxValue = p.Total; t.Value = Math.Min(p.Done, p.Total); }
                        t.Description = Markup.Escape($"{p.Stage}: {Shorten(p.Message)}");
                        if (p.Message is "Done" or "NotMeasured" or "Failed" or "Off") { t.Value = t.MaxValue; t.StopTask(); }
                    }
                }));
                outcome = runner.Run(config, configDirectory, options, sink, ct);
            });
        PrintSummary(outcome!);
        return outcome!;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    public static void PrintSummary(RunOutcome outcome)
    {
        var t = new Table().Title("time per stage").AddColumn("stage").AddColumn("status").AddColumn(new TableColumn("seconds").RightAligned())
            .AddColumn(new TableColumn("computed").RightAligned()).AddColumn(new TableColumn("reused").RightAligned()).AddColumn("note");
        foreach (var s in outcome.Stages)
        {
            string status = s.Status switch
            {
                StageStatus.Done => "[green]done[/]",
                StageStatus.Off => "off",
                StageStatus.NotMeasured => "[yellow]not measured[/]",
                _ => "[red]failed[/]",
            };
            t.AddRow(Markup.Escape(s.Stage), status, s.Seconds.ToString("F1", CultureInfo.InvariantCulture), s.Computed.ToString(CultureInfo.InvariantCulture),
                s.Reused.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Note));
        }
        t.AddRow("[bold]total[/]", "", outcome.Stages.Sum(s => s.Seconds).ToString("F1", CultureInfo.InvariantCulture), "", "", "");
        AnsiConsole.Write(t);
        if (outcome.ReportPath is not null) AnsiConsole.MarkupLine($"report: [link]{Markup.Escape(outcome.ReportPath)}[/]");
        if (!outcome.Succeeded)
            AnsiConsole.MarkupLine($"[yellow]{outcome.Stages.Count(s => s.Status is not (StageStatus.Done or StageStatus.Off))} stage(s) did not finish; the report marks what was not measured.[/]");
    }

    /// <summary>The process's libtorch setup, for the manifest: process settings and the convolution implementation
    /// chosen by the known-answer check (docs/torch.md).</summary>
    private static Dictionary<string, string> ComputeEnvironment() => new(StringComparer.Ordinal)
    {
        ["process"] = Concord.Torch.TorchRuntime.ConfigureProcess().Description,
        ["convolutions"] = Concord.Torch.ConvolutionBackend.Ensure().Description,
    };
}
