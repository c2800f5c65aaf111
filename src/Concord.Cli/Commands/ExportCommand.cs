using System.ComponentModel;
using Concord.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord export RUN_DIR --format csv|parquet</c>: one file per results table, for pandas and friends.</summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings, ICommandOutput
    {
        string? ICommandOutput.OutputPath => Out;
        IEnumerable<string?> ICommandOutput.InputPaths => [Path.Combine(RunDir, "results.db")];

        [CommandArgument(0, "<RUN_DIR>")]
        [Description("A run folder written by `concord run` (holds results.db).")]
        public string RunDir { get; init; } = "";

        [CommandOption("-f|--format <FORMAT>")]
        [Description("csv (default) or parquet.")]
        public ExportFormat Format { get; init; } = ExportFormat.Csv;

        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder (default: RUN_DIR/export).")]
        public string? Out { get; init; }

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string run = Path.GetFullPath(settings.RunDir);
        using var store = ResultsStore.OpenExisting(run);
        var files = ResultsExporter.Export(store, settings.Out ?? Path.Combine(run, "export"), settings.Format);
        foreach (var f in files) AnsiConsole.WriteLine(f);
        return CliSetup.ExitCodes.Ok;
    }
}
