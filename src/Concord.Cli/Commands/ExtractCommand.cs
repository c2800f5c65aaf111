using Concord.Networks;
using System.ComponentModel;
using Concord.Torch.Activations;
using Concord.Torch.Data;
using Concord.Torch.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord extract</c>: streams layer activations of a trained or untrained model to .npy files.</summary>
public sealed class ExtractCommand : Command<ExtractCommand.Settings>
{
    public sealed class Settings : TorchSettings
    {
        [CommandOption("--model <PATH>")]
        [Description("A model.bin written by concord train.")]
        public string? Model { get; init; }

        [CommandOption("--untrained <ARCH>")]
        [Description("Extract from an untrained ARCH initialised with --seed (regular|deformable|dilated|freq1d|time1d).")]
        public string? Untrained { get; init; }

        [CommandOption("--taps <LIST>")]
        [Description("Comma-separated taps: conv1,pool1,conv2,pool2,conv3 (default: all).")]
        public string Taps { get; init; } = "conv1,pool1,conv2,pool2,conv3";

        [CommandOption("--channel-mean <LIST>")]
        [Description("Taps averaged over channels (default conv1,pool1 as in the study; 'none' for none).")]
        public string ChannelMean { get; init; } = "conv1,pool1";

        [CommandOption("--float16")]
        [Description("Store activations as float16 instead of float32.")]
        public bool Float16 { get; init; }

        [CommandOption("--batch-size <B>")]
        [Description("Batch size (matters for untrained models under --profile paper, whose BatchNorm uses batch statistics).")]
        public int BatchSize { get; init; } = 64;

        public override ValidationResult Validate()
        {
            var v = base.Validate();
            if (!v.Successful) return v;
            if ((Model is null) == (Untrained is null)) return ValidationResult.Error("give exactly one of --model PATH or --untrained ARCH");
            if (Untrained is not null && !ArchitectureNames.TryParse(Untrained, out _)) return ValidationResult.Error($"--untrained must be one of {ArchitectureNames.All}");
            if (!TryParseTaps(Taps, out _)) return ValidationResult.Error("--taps must list conv1, pool1, conv2, pool2, conv3");
            if (ChannelMean != "none" && !TryParseTaps(ChannelMean, out _)) return ValidationResult.Error("--channel-mean must list taps or be 'none'");
            return BatchSize < 1 ? ValidationResult.Error("--batch-size must be ≥ 1") : ValidationResult.Success();
        }
    }

    internal static bool TryParseTaps(string list, out List<Tap> taps)
    {
        taps = [];
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<Tap>(part, ignoreCase: true, out var t) || !Enum.IsDefined(t)) return false;
            taps.Add(t);
        }
        return taps.Count > 0;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        TryParseTaps(settings.Taps, out var taps);
        var mean = new HashSet<Tap>();
        if (settings.ChannelMean != "none" && TryParseTaps(settings.ChannelMean, out var m)) mean.UnionWith(m);
        var options = new ExtractionOptions
        {
            Taps = taps,
            ChannelMean = mean,
            Storage = settings.Float16 ? ActivationStorage.Float16 : ActivationStorage.Float32,
            BatchSize = settings.BatchSize,
            Device = settings.Device,
            Threads = settings.Threads,
        };
        bool paper = settings.Profile == Profile.Paper;
        if (paper) options = options.AsPaper();
        var extractor = new ActivationExtractor(options);
        using var cache = new MelCache(settings.Cache!);
        ExtractionResult? result = null;
        AnsiConsole.Progress().Start(ctx =>
        {
            var bar = ctx.AddTask("extracting", maxValue: cache.Train.Length + cache.Test.Length);
            var progress = new SyncProgress<ExtractionProgress>(p => bar.Value = p.Done);
            if (settings.Model is not null)
                result = extractor.ExtractTrained(settings.Model, cache, settings.Out!, progress, cancellationToken);
            else
            {
                ArchitectureNames.TryParse(settings.Untrained, out var arch);
                var model = new ModelOptions { Architecture = arch, Channels = settings.ParsedChannels()! };
                if (paper) model = model.AsPaper();
                result = extractor.ExtractUntrained(model, settings.Seed, cache, settings.Out!, progress, cancellationToken);
            }
        });
        var table = new Table().AddColumns("tap", "split", "rows", "width", "file");
        foreach (var f in result!.Files) table.AddRow(f.Tap.ToString().ToLowerInvariant(), f.Split, f.Rows.ToString(), f.Width.ToString(), Markup.Escape(Path.GetFileName(f.Path)));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{(result.Trained ? "trained" : "untrained")} {ArchitectureNames.ToName(result.Model.Architecture)}, BatchNorm {(result.BatchNormTrainMode ? "train mode (batch statistics)" : "eval mode")} → {Markup.Escape(result.ManifestPath)}");
        return 0;
    }
}
