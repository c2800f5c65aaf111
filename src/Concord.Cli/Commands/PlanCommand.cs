using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Concord.Study.Config;
using Concord.Study.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary>
/// <c>concord plan CONFIG</c>: prints the study's task graph (every task with its inputs, level and estimated cost),
/// the task count and the critical path's share of the total estimated cost. Derived from the config alone; estimates
/// are calibrated by the cost records of the run folder when it has any.
/// </summary>
public sealed class PlanCommand : Command<PlanCommand.Settings>
{
    public sealed class Settings : StudySettings
    {
        [CommandOption("--json")]
        [Description("Print the plan as JSON (tasks with kind, label, level, inputs and estimated seconds).")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (config, configDir) = settings.Load();
        var options = settings.Options();
        var runner = StudyRunner.Create();
        var (resolved, plan) = runner.Resolve(config, configDir, options, checkInputs: false);
        string runDir = ExperimentRunner.RunDirectory(resolved, configDir, options);
        var measured = TaskCost.ReadAll(runDir);
        var cost = TaskCostModel.Calibrated(plan, measured);
        var doc = PlanJson.Document(plan, cost);
        var (critical, path) = plan.CriticalPath(cost);
        double share = doc.EstimatedSeconds > 0 ? critical / doc.EstimatedSeconds : 0;
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { plan = doc, criticalPathShare = Math.Round(share, 4), criticalPath = path.Select(t => t.Id), measuredTasks = measured.Count },
                ExperimentConfigLoader.Options));
            return 0;
        }
        var output = Console.Out;
        foreach (var t in doc.Items)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"L{t.Level,-2} {t.Id}  {t.Label}  ~{Seconds(t.EstimatedSeconds)}{(t.Inputs.Count == 0 ? "" : "  ← " + (t.Inputs.Count > 6 ? $"{t.Inputs.Count} tasks" : string.Join(" ", t.Inputs)))}"));
        var byKind = new Table().AddColumn("kind").AddColumn(new TableColumn("tasks").RightAligned()).AddColumn(new TableColumn("estimated").RightAligned())
            .AddColumn(new TableColumn("disk").RightAligned());
        foreach (var g in doc.Items.GroupBy(t => t.Kind))
            byKind.AddRow(g.Key, g.Count().ToString(CultureInfo.InvariantCulture), Seconds(g.Sum(t => t.EstimatedSeconds)),
                Bytes(g.Sum(t => t.EstimatedBytes ?? 0)) + (g.Any(t => t.EstimatedBytes is null) ? " + unknown" : ""));
        AnsiConsole.Write(byKind);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{doc.Tasks} tasks in {doc.Levels} levels; estimated {Seconds(doc.EstimatedSeconds)} of work; critical path {Seconds(critical)} ({100 * share:F1} % of the total, the bound on any number of workers); estimates {(measured.Count > 0 ? $"calibrated by {measured.Count} measured task(s) in {runDir}" : "from the cost model (no measured tasks yet)")}")));
        AnsiConsole.MarkupLine(Markup.Escape($"estimated disk use: {Bytes(doc.EstimatedBytes)}"
            + (doc.UnknownBytes > 0 ? $" plus {doc.UnknownBytes} task(s) whose size is known only when they run (imported networks)" : "")
            + (resolved.Activations.Keep == ActivationKeep.UntilConsumed
                ? $", of which {Bytes(doc.FinalBytesUntilConsumed)} remain at the end (activations.keep untilConsumed deletes each extraction's activations once its readers finish)"
                : $" ({Bytes(doc.FinalBytesUntilConsumed)} at the end with activations.keep untilConsumed)")
            + $"; free on {FreeSpace(runDir)}"));
        return 0;
    }

    private static string Bytes(double b) => b switch
    {
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{b / 1024:F0} KB"),
        < 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{b / (1 << 20):F1} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{b / (1 << 30):F1} GB"),
    };

    /// <summary>Free space on the file system that will hold the run folder (its nearest existing ancestor).</summary>
    private static string FreeSpace(string runDir)
    {
        string? dir = Path.GetFullPath(runDir);
        while (dir is not null && !Directory.Exists(dir)) dir = Path.GetDirectoryName(dir);
        if (dir is null) return "the output's file system: unknown";
        try { return $"{dir}'s file system: {Bytes(new DriveInfo(dir).AvailableFreeSpace)}"; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException) { return $"{dir}: unknown"; }
    }

    private static string Seconds(double s) => s switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{s:F1} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{s / 60:F1} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{s / 3600:F1} h"),
    };
}
