using Concord.Networks;
using Concord.Datasets;
using System.ComponentModel;
using Concord.Activations;
using Concord.Onnx;
using Concord.Torch.Activations;
using Concord.Torch.Data;
using Concord.Torch.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord extract</c>: streams layer activations of a trained or untrained built-in CNN, or of an imported
/// ONNX network (<c>--onnx</c>), to .npy files.</summary>
public sealed class ExtractCommand : Command<ExtractCommand.Settings>
{
    public sealed class Settings : TorchSettings
    {
        public override IEnumerable<string?> InputPaths => [Cache, Model];

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
        [Description("Taps averaged over channels (default conv1,pool1 as in the study; 'none' for none). With --onnx: tensor names, 'all' for every selected layer, or 'none' (default).")]
        public string? ChannelMean { get; init; }

        [CommandOption("--onnx <MODEL>")]
        [Description("Extract from an ONNX network (ONNX Runtime, CPU) instead of a built-in CNN; the file is never modified.")]
        public string? Onnx { get; init; }

        [CommandOption("--inputs <NPY>")]
        [Description("With --onnx, instead of --cache: a float array [[N, H, W]] of spectrograms in the model's unit; writes <layer>.all.npy.")]
        public string? Inputs { get; init; }

        [CommandOption("--layers <LIST>")]
        [Description("With --onnx: comma-separated tensor names, or auto (default): every Conv, activation and pooling output (concord onnx-layers lists them).")]
        public string Layers { get; init; } = OnnxExtractionOptions.Auto;

        [CommandOption("--layout <LAYOUT>")]
        [Description("With --onnx: how a spectrogram [[H, W]] enters the model: n1hw (default) [[batch, 1, H, W]], nhw [[batch, H, W]], nchw [[batch, C = 1, H, W]].")]
        public string Layout { get; init; } = "n1hw";

        [CommandOption("--scale <UNIT>")]
        [Description("With --onnx: the unit the model expects, db (default; dB relative to the clip's maximum) or power; a cache in the other unit is converted.")]
        public string Scale { get; init; } = "db";

        [CommandOption("--normalization <KIND>")]
        [Description("With --onnx: none (default), per-clip (z-score of each clip, population sd) or given (--input-mean, --input-sd).")]
        public string Normalization { get; init; } = "none";

        [CommandOption("--input-mean <M>")]
        [Description("With --onnx --normalization given: the mean subtracted from every input value.")]
        public double? InputMean { get; init; }

        [CommandOption("--input-sd <SD>")]
        [Description("With --onnx --normalization given: the standard deviation every input value is divided by (> 0).")]
        public double? InputSd { get; init; }

        [CommandOption("--float16")]
        [Description("Store activations as float16 instead of float32.")]
        public bool Float16 { get; init; }

        [CommandOption("--batch-size <B>")]
        [Description("Batch size (matters for untrained models under --profile paper, whose BatchNorm uses batch statistics).")]
        public int BatchSize { get; init; } = 64;

        public override ValidationResult Validate()
        {
            if (Onnx is not null) return ValidateOnnx();
            if (Inputs is not null) return ValidationResult.Error("--inputs needs --onnx");
            var v = base.Validate();
            if (!v.Successful) return v;
            if ((Model is null) == (Untrained is null)) return ValidationResult.Error("give exactly one of --model PATH or --untrained ARCH");
            if (Untrained is not null && !ArchitectureNames.TryParse(Untrained, out _)) return ValidationResult.Error($"--untrained must be one of {ArchitectureNames.All}");
            if (!TryParseTaps(Taps, out _)) return ValidationResult.Error("--taps must list conv1, pool1, conv2, pool2, conv3");
            if (ChannelMean is not null && ChannelMean != "none" && !TryParseTaps(ChannelMean, out _)) return ValidationResult.Error("--channel-mean must list taps or be 'none'");
            return BatchSize is < 1 or > Limits.MaxBatchSize ? ValidationResult.Error($"--batch-size must be in [1, {Limits.MaxBatchSize}] (got {BatchSize})") : ValidationResult.Success();
        }

        private ValidationResult ValidateOnnx()
        {
            if (Model is not null || Untrained is not null) return ValidationResult.Error("--onnx cannot be combined with --model or --untrained");
            if ((Cache is null) == (Inputs is null)) return ValidationResult.Error("--onnx needs exactly one of --cache DIR or --inputs X.npy");
            if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out is required");
            if (Threads is < 1) return ValidationResult.Error("--threads must be ≥ 1");
            if (BatchSize is < 1 or > Limits.MaxBatchSize) return ValidationResult.Error($"--batch-size must be in [1, {Limits.MaxBatchSize}] (got {BatchSize})");
            if (OnnxArguments.Layout(Layout) is null) return ValidationResult.Error("--layout must be n1hw, nhw or nchw");
            if (OnnxArguments.Scale(Scale) is null) return ValidationResult.Error("--scale must be db or power");
            if (OnnxArguments.Normalization(Normalization) is null) return ValidationResult.Error("--normalization must be none, per-clip or given");
            var errors = InputOptions().Validate().ToList();
            return errors.Count > 0 ? ValidationResult.Error(errors[0].Replace("input.mean", "--input-mean").Replace("input.sd", "--input-sd").Replace("input.normalization", "--normalization"))
                : ValidationResult.Success();
        }

        internal OnnxInputOptions InputOptions() => new()
        {
            Layout = OnnxArguments.Layout(Layout) ?? InputLayout.N1hw,
            Scale = OnnxArguments.Scale(Scale) ?? InputScale.Decibels,
            Normalization = OnnxArguments.Normalization(Normalization) ?? InputNormalization.None,
            Mean = InputMean,
            Sd = InputSd,
        };
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
        if (settings.Onnx is not null) return ExecuteOnnx(settings, cancellationToken);
        TryParseTaps(settings.Taps, out var taps);
        var mean = new HashSet<Tap>();
        if (settings.ChannelMean != "none" && TryParseTaps(settings.ChannelMean ?? "conv1,pool1", out var m)) mean.UnionWith(m);
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
        foreach (var f in result!.Files) table.AddRow(f.Tap.ToName(), f.Split.ToName(), f.Rows.ToString(), f.Width.ToString(), Markup.Escape(Path.GetFileName(f.Path)));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{(result.Trained ? "trained" : "untrained")} {ArchitectureNames.ToName(result.Model.Architecture)}, BatchNorm {(result.BatchNormTrainMode ? "train mode (batch statistics)" : "eval mode")} → {Markup.Escape(result.ManifestPath)}");
        return 0;
    }

    private static int ExecuteOnnx(Settings settings, CancellationToken cancellationToken)
    {
        var channelMean = settings.ChannelMean switch
        {
            null or "none" => new HashSet<string>(),
            "all" => new HashSet<string> { OnnxExtractionOptions.Auto },
            var list => OnnxArguments.List(list).ToHashSet(StringComparer.Ordinal),
        };
        var options = new OnnxExtractionOptions
        {
            Layers = OnnxArguments.List(settings.Layers),
            ChannelMean = channelMean,
            Storage = settings.Float16 ? ActivationStorage.Float16 : ActivationStorage.Float32,
            Input = settings.InputOptions(),
            BatchSize = settings.BatchSize,
            Threads = settings.Threads,
        };
        var extractor = new OnnxActivationExtractor(options);
        var source = settings.Inputs is not null
            ? SpectrogramSource.FromArray(settings.Inputs, options.Input.Scale == InputScale.Power)
            : SpectrogramSource.FromCache(settings.Cache!, includeTest: true);
        OnnxExtractionResult? result = null;
        AnsiConsole.Progress().Start(ctx =>
        {
            var bar = ctx.AddTask("extracting", maxValue: source.Splits.Sum(s => s.Rows.Length));
            var progress = new SyncProgress<OnnxExtractionProgress>(p => bar.Value = p.Done);
            result = extractor.Extract(settings.Onnx!, source, settings.Out!, progress, cancellationToken);
        });
        var table = new Table().AddColumns("layer", "op", "split", "rows", "width", "file");
        foreach (var f in result!.Files)
            table.AddRow(Markup.Escape(f.Layer), f.OpType, f.Split, f.Rows.ToString(), f.Width.ToString(), Markup.Escape(Path.GetFileName(f.Path)));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"ONNX {Markup.Escape(result.ModelPath)} → {Markup.Escape(result.ManifestPath)}");
        return 0;
    }
}
