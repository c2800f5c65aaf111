using System.ComponentModel;
using Concord.Cli.Commands;
using Concord.Study.Stages;
using Concord.Study.Config;
using Concord.Study.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli;

/// <summary>
/// <c>concord demo</c>: <c>concord run configs/demo.json</c> on the embedded synthetic dataset (the config is embedded in
/// the tool): synth-dataset → prepare → features → train → extract → probes → similarity → deep-vs-deep → report,
/// then prints the report's path.
/// </summary>
public sealed class DemoCommand : Command<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder (default: ./concord-demo).")]
        public string Out { get; init; } = "concord-demo";

        [CommandOption("--notes <N>")]
        [Description("Synthetic notes to generate (default: the demo config's dataset.limit).")]
        public int? Notes { get; init; }

        [CommandOption("--epochs <E>")]
        [Description("Train for at most E epochs (default: the demo config's training.epochs).")]
        public int? Epochs { get; init; }

        [CommandOption("--verify")]
        [Description("Check every file of every finished artefact of an earlier demo in this folder against its manifest's SHA-256, and stop at the first damaged one (as run --verify).")]
        public bool Verify { get; init; }

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }

        public override ValidationResult Validate() =>
            Notes is < 8 ? ValidationResult.Error("--notes must be ≥ 8 (one per family)")
            : Epochs is <= 0 ? ValidationResult.Error("--epochs must be > 0")
            : ValidationResult.Success();
    }

    /// <summary>The embedded <c>configs/demo.json</c>.</summary>
    public static ExperimentConfig DemoConfig()
    {
        using var s = typeof(DemoCommand).Assembly.GetManifestResourceStream("demo.json")
                      ?? throw new InvalidOperationException("embedded demo.json missing");
        using var r = new StreamReader(s);
        return ExperimentConfigLoader.Parse(r.ReadToEnd(), "configs/demo.json (embedded)");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = DemoConfig();
        if (settings.Notes is int n) config = config with { Dataset = config.Dataset with { Limit = n } };
        string root = Path.GetFullPath(settings.Out);
        AnsiConsole.MarkupLine($"[bold]Concord demo[/] → {Markup.Escape(root)}");
        var options = new RunOptions { OutputDirectory = root, LimitEpochs = settings.Epochs, ConfigSource = "configs/demo.json (embedded)", Verify = settings.Verify };
        var outcome = RunReporter.RunWithProgress(StudyRunner.Create(), config, root, options, cancellationToken);
        if (outcome.ReportPath is not null) AnsiConsole.WriteLine(outcome.ReportPath);
        return outcome.Succeeded ? CliSetup.ExitCodes.Ok : CliSetup.ExitCodes.UserError;
    }
}
