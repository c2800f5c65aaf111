using System.ComponentModel;
using Concord.Study.Config;
using Concord.Study.Running;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary>The settings every command that works on a study config shares (run, plan, slurm): the config, the run folder and the smoke-test limits.</summary>
public class StudySettings : CommandSettings
{
    [CommandArgument(0, "<CONFIG>")]
    [Description("Study config (JSON), e.g. configs/demo.json.")]
    public string Config { get; init; } = "";

    [CommandOption("-o|--out <DIR>")]
    [Description("Run folder (default: the config's \"output\", relative to the config file).")]
    public string? Out { get; init; }

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

    public override Spectre.Console.ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Config)) return Spectre.Console.ValidationResult.Error("<CONFIG> is required");
        if (LimitNotes is <= 0) return Spectre.Console.ValidationResult.Error("--limit-notes must be > 0");
        if (LimitEpochs is <= 0) return Spectre.Console.ValidationResult.Error("--limit-epochs must be > 0");
        if (LimitSeeds is <= 0) return Spectre.Console.ValidationResult.Error("--limit-seeds must be > 0");
        return Spectre.Console.ValidationResult.Success();
    }

    /// <summary>The loaded config and its folder.</summary>
    public (ExperimentConfig Config, string Directory) Load() =>
        (ExperimentConfigLoader.Load(Config), Path.GetDirectoryName(Path.GetFullPath(Config))!);

    /// <summary>The run options these settings imply.</summary>
    public RunOptions Options() => new()
    {
        OutputDirectory = Out is null ? null : Path.GetFullPath(Out),
        LimitNotes = LimitNotes,
        LimitEpochs = LimitEpochs,
        LimitSeeds = LimitSeeds,
        ConfigSource = Path.GetFullPath(Config),
    };

    /// <summary>The same limits as command-line arguments (for the worker command lines of <c>concord slurm</c>).</summary>
    public IEnumerable<string> LimitArguments()
    {
        if (LimitNotes is int n) yield return $"--limit-notes {n}";
        if (LimitEpochs is int e) yield return $"--limit-epochs {e}";
        if (LimitSeeds is int s) yield return $"--limit-seeds {s}";
    }
}
