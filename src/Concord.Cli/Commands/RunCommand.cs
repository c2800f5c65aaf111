using System.ComponentModel;
using Concord.Study.Config;
using Concord.Study.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord run CONFIG</c>: runs every task of a study's plan (or one, <c>--task</c>), resumably, and writes report.html.</summary>
public sealed class RunCommand : Command<RunCommand.Settings>
{
    public sealed class Settings : StudySettings
    {
        [CommandOption("--force <STAGE>")]
        [Description("Recompute the tasks of this kind (prepare, features, train, extract, probes, similarity, deep-vs-deep, exploration, collect) and every task that reads them, even if cached (repeatable).")]
        public string[] Force { get; init; } = [];

        [CommandOption("-j|--jobs <N>")]
        [Description("Run up to N independent tasks at once (default 1). Each task computes with the config's threads, so results are identical for any N; fewer run at once when N would oversubscribe the cores (set \"threads\": 1 in the config to run N single-threaded tasks).")]
        public int Jobs { get; init; } = 1;

        [CommandOption("--verify")]
        [Description("Check every file of every finished artefact against the SHA-256 in its manifest (by default: sizes always, hashes of models, features and files up to 64 MiB), and stop with an error naming the first damaged or unverifiable file instead of recomputing it.")]
        public bool Verify { get; init; }

        [CommandOption("--task <ID>")]
        [Description("Run exactly this task of the plan (concord plan lists the ids) and exit; its inputs must be finished. For cluster workers.")]
        public string? Task { get; init; }

        public override ValidationResult Validate()
        {
            var b = base.Validate();
            if (!b.Successful) return b;
            if (Jobs <= 0) return ValidationResult.Error("--jobs must be > 0");
            string[] stages = [.. StudyTaskKindNames.All.Select(k => k.ToName()), "report"];
            if (Force.FirstOrDefault(f => !stages.Contains(f)) is { } bad)
                return ValidationResult.Error($"--force: unknown stage '{bad}'; stages: {string.Join(", ", stages)}");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (config, configDir) = settings.Load();
        var options = settings.Options() with { Force = settings.Force.ToHashSet(StringComparer.Ordinal), Jobs = settings.Jobs, TaskId = settings.Task, Verify = settings.Verify };
        AnsiConsole.MarkupLine($"[bold]concord run[/] {Markup.Escape(config.Name)} ({Markup.Escape(Path.GetFullPath(settings.Config))})"
                               + (settings.Task is null ? "" : $" task {Markup.Escape(settings.Task)}"));
        if (settings.Task is null)   // once per run, not once per cluster worker
            RunReporter.WarnUncomputableMeasures(ExperimentRunner.ApplyOverrides(config, options), configDir);
        var outcome = RunReporter.RunWithProgress(StudyRunner.Create(), config, configDir, options, cancellationToken);
        return outcome.Succeeded ? CliSetup.ExitCodes.Ok : CliSetup.ExitCodes.UserError;
    }
}
