using System.ComponentModel;
using Concord.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord report RUN_DIR</c>: (re)writes report.html and tables/ from the run's results.db.</summary>
public sealed class ReportCommand : Command<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN_DIR>")]
        [Description("A run folder written by `concord run` (holds results.db).")]
        public string RunDir { get; init; } = "";

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string path = ReportWriter.WriteFromStore(Path.GetFullPath(settings.RunDir));
        AnsiConsole.MarkupLine($"report: [link]{Markup.Escape(path)}[/]");
        return CliSetup.ExitCodes.Ok;
    }
}
