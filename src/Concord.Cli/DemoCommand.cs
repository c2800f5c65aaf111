using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli;

/// <summary><c>concord demo</c>: runs the pipeline on the embedded synthetic dataset.</summary>
public sealed class DemoCommand : Command<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder (default: ./concord-demo).")]
        public string Out { get; init; } = "concord-demo";

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine($"[bold]Concord demo[/] → {Markup.Escape(Path.GetFullPath(settings.Out))}");
        AnsiConsole.MarkupLine("No pipeline stages are implemented yet.");
        return 0;
    }
}
