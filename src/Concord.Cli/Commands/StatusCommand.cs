using System.ComponentModel;
using System.Text.Json;
using Concord.Study.Config;
using Concord.Study.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord status RUN_DIR</c>: done, running, failed and pending tasks of a run folder, from its files, and the results.db fingerprint.</summary>
public sealed class StatusCommand : Command<StatusCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN_DIR>")]
        [Description("The run folder (the config's output or --out).")]
        public string RunDir { get; init; } = "";

        [CommandOption("--json")]
        [Description("Print the status as JSON.")]
        public bool Json { get; init; }

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var status = RunStatus.Read(settings.RunDir);
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                runDirectory = status.RunDirectory,
                done = status.Count(TaskState.Done), running = status.Count(TaskState.Running), failed = status.Count(TaskState.Failed), pending = status.Count(TaskState.Pending),
                resultsFingerprint = status.ResultsFingerprint,
                tasks = status.Tasks,
            }, ExperimentConfigLoader.Options));
            return 0;
        }
        var t = new Table().AddColumn("kind").AddColumn(new TableColumn("done").RightAligned()).AddColumn(new TableColumn("running").RightAligned())
            .AddColumn(new TableColumn("failed").RightAligned()).AddColumn(new TableColumn("pending").RightAligned());
        foreach (var g in status.Tasks.GroupBy(x => x.Kind))
            t.AddRow(g.Key, g.Count(x => x.State == TaskState.Done).ToString(), g.Count(x => x.State == TaskState.Running).ToString(),
                g.Count(x => x.State == TaskState.Failed).ToString(), g.Count(x => x.State == TaskState.Pending).ToString());
        AnsiConsole.Write(t);
        foreach (var x in status.Tasks.Where(x => x.State is TaskState.Failed or TaskState.Running))
            AnsiConsole.MarkupLine($"{(x.State == TaskState.Failed ? "[red]failed[/]" : "[yellow]running[/]")} {Markup.Escape(x.Id)} {Markup.Escape(x.Label)}: {Markup.Escape(x.Detail)}");
        AnsiConsole.MarkupLine(Markup.Escape($"{status.Count(TaskState.Done)} of {status.Tasks.Count} tasks done; results.db fingerprint: {status.ResultsFingerprint ?? "(not collected yet)"}"));
        return 0;
    }
}
