using System.ComponentModel;
using Concord.Torch;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary>Options shared by <c>train</c> and <c>extract</c>: cache, output, profile, device and threads.</summary>
public abstract class TorchSettings : CommandSettings, ICommandOutput
{
    string? ICommandOutput.OutputPath => Out;

    /// <summary>The cache and, for <c>extract</c>, the model file.</summary>
    public virtual IEnumerable<string?> InputPaths => [Cache];

    [CommandOption("--cache <DIR>")]
    [Description("Prepared cache folder (output of concord prepare).")]
    public string? Cache { get; init; }

    [CommandOption("-o|--out <DIR>")]
    [Description("Output folder.")]
    public string? Out { get; init; }

    [CommandOption("--seed <S>")]
    [Description("Seed for torch.manual_seed before the model is built (the study's seeds: 1, 10, 17, 25, 177).")]
    public long Seed { get; init; } = 1;

    [CommandOption("--profile <NAME>")]
    [Description("corrected (default) or paper: reproduce the authors' quirks.")]
    public Profile Profile { get; init; } = Profile.Corrected;

    [CommandOption("--device <DEVICE>")]
    [Description("cpu (default) or cuda.")]
    public TorchDevice Device { get; init; } = TorchDevice.Cpu;

    [CommandOption("--threads <N>")]
    [Description("libtorch intra-op threads (default: libtorch's choice).")]
    public int? Threads { get; init; }

    [CommandOption("--channels <C1,C2,C3>")]
    [Description("Output channels of conv1, conv2, conv3 (default 10,20,30; Table 10 also uses 5,10,10 and 10,10,10).")]
    public string Channels { get; init; } = "10,20,30";

    [CommandOption("--verbose")]
    [Description("Show stack traces on errors.")]
    public bool Verbose { get; init; }

    /// <summary>The parsed <see cref="Channels"/>, or null when malformed.</summary>
    public Concord.Torch.Models.ChannelCounts? ParsedChannels()
    {
        var parts = Channels.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 3 && parts.All(p => int.TryParse(p, out int v) && v > 0 && v <= Limits.MaxChannels)
            ? new Concord.Torch.Models.ChannelCounts(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2])) : null;
    }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Cache) ? ValidationResult.Error("--cache is required")
        : ParsedChannels() is null ? ValidationResult.Error($"--channels must be three integers in [1, {Limits.MaxChannels}], e.g. 10,20,30")
        : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out is required")
        : Threads is < 1 ? ValidationResult.Error("--threads must be ≥ 1")
        : ValidationResult.Success();
}
