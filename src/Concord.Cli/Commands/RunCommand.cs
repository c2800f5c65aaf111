using System.ComponentModel;
using Concord.Study.Stages;
using Concord.Study.Config;
using Concord.Study.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord run CONFIG</c>: runs every stage of a study config, resumably, and writes report.html.</summary>
public sealed class RunCommand : Command<RunCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<CONFIG>")]
        [Description("Study config (JSON), e.g. configs/demo.json.")]
        public string Config { get; init; } = "";

        [CommandOption("-o|--out <DIR>")]
        [Description("Run folder (default: the config's \"output\", relative to the config file).")]
        public string? Out { get; init; }

        [CommandOption("--force <STAGE>")]
        [Description("Recompute this stage and everything after it that depends on it, even if cached (repeatable).")]
        public string[] Force { get; init; } = [];

        [CommandOption("--limit-notes <N>")]
        [Description("Use at most N examples (smoke test).")]
        public int? LimitNotes { get; init; }

        [CommandOption("--limit-epochs <E>")]
        [Description("Train for at most E epochs (smoke test).")]
        public int? LimitEpochs { get; init; }

        [CommandOption("--limit-seeds <S>")]
        [Description("Use only the first S seeds (smoke test).")]
        public int? LimitSeeds { get; init; }

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Config)) return ValidationResult.Error("<CONFIG> is required");
            if (LimitNotes is <= 0) return ValidationResult.Error("--limit-notes must be > 0");
            if (LimitEpochs is <= 0) return ValidationResult.Error("--limit-epochs must be > 0");
            if (LimitSeeds is <= 0) return ValidationResult.Error("--limit-seeds must be > 0");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = ExperimentConfigLoader.Load(settings.Config);
        string configDir = Path.GetDirectoryName(Path.GetFullPath(settings.Config))!;
        var options = new RunOptions
        {
            OutputDirectory = settings.Out is null ? null : Path.GetFullPath(settings.Out),
            Force = settings.Force.ToHashSet(StringComparer.Ordinal),
            LimitNotes = settings.LimitNotes,
            LimitEpochs = settings.LimitEpochs,
            ConfigSource = Path.GetFullPath(settings.Config),
            LimitSeeds = settings.LimitSeeds,
        };
        AnsiConsole.MarkupLine($"[bold]concord run[/] {Markup.Escape(config.Name)} ({Markup.Escape(Path.GetFullPath(settings.Config))})");
        var outcome = RunReporter.RunWithProgress(StudyStages.Runner(), config, configDir, options, cancellationToken);
        return outcome.Succeeded ? CliSetup.ExitCodes.Ok : CliSetup.ExitCodes.UserError;
    }
}
