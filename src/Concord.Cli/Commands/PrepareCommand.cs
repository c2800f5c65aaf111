using System.ComponentModel;
using System.Diagnostics;
using Concord.Audio;
using Concord.Datasets;
using Concord.Features;
using Concord.Spectral;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord prepare</c>: turns a dataset into a cache folder (mel.npy, labels, tasks, splits, manifest).</summary>
public sealed class PrepareCommand : Command<PrepareCommand.Settings>
{
    public sealed class Settings : CommandSettings, ICommandOutput
    {
        string? ICommandOutput.OutputPath => Out;
        IEnumerable<string?> ICommandOutput.InputPaths => [Input];

        [CommandOption("--dataset <KIND>")]
        [Description("Input format: nsynth (folder with examples.json + audio/), recordings (CSV of whole recordings) or clips (CSV of cut clips).")]
        public DatasetKind Dataset { get; init; } = DatasetKind.NSynth;

        [CommandOption("-i|--input <PATH>")]
        [Description("NSynth folder, or the recordings/clips CSV (columns: path + labels).")]
        public string? Input { get; init; }

        [CommandOption("-o|--out <DIR>")]
        [Description("Cache folder to write.")]
        public string? Out { get; init; }

        [CommandOption("--limit <N>")]
        [Description("Keep a seeded random subsample of N examples (paper: 50000).")]
        public int? Limit { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed of the subsample and the split (default 17, the paper's split seed).")]
        public int Seed { get; init; } = 17;

        [CommandOption("--split <KIND>")]
        [Description("random (paper: unstratified 70/30), stratified (by the first classification task) or group (no group in both sets).")]
        public SplitKind Split { get; init; } = SplitKind.Random;

        [CommandOption("--test-fraction <F>")]
        [Description("Test share (default 0.3).")]
        public double TestFraction { get; init; } = 0.3;

        [CommandOption("--profile <PROFILE>")]
        [Description("corrected (default: constant STFT padding, librosa ≥0.10) or paper (reflect padding, librosa 0.8).")]
        public DatasetProfile Profile { get; init; } = DatasetProfile.Corrected;

        [CommandOption("--pad-mode <MODE>")]
        [Description("Override the profile's STFT centre padding: constant or reflect.")]
        public PadMode? PadMode { get; init; }

        [CommandOption("--sample-rate <HZ>")]
        [Description("Resample to this rate (default: 16000 for nsynth, 22050 otherwise).")]
        public int? SampleRate { get; init; }

        [CommandOption("--clip-seconds <S>")]
        [Description("Clip length for recordings and clips (default 4).")]
        public double ClipSeconds { get; init; } = ClipSlicer.DefaultClipSeconds;

        [CommandOption("--pad-last-clip")]
        [Description("Zero-pad a recording's partial last clip instead of dropping it.")]
        public bool PadLastClip { get; init; }

        [CommandOption("--map <FILE>")]
        [Description("Mapping CSV deriving a label column (header source,derived; e.g. orchestra,continent). Repeatable.")]
        public string[] Maps { get; init; } = [];

        [CommandOption("--group-by <COLUMN>")]
        [Description("Label column holding the groups of --split group (default: the recording).")]
        public string? GroupBy { get; init; }

        [CommandOption("--power")]
        [Description("Store mel power instead of dB.")]
        public bool Power { get; init; }

        [CommandOption("--features <LIST>")]
        [Description("Also write hand-crafted features to features/<name>.npy: comma-separated names, 'paper' or 'all' (see docs/features.md). The feature profile follows --profile.")]
        public string? Features { get; init; }

        [CommandOption("--threads <N>")]
        [Description("Worker threads (default 2).")]
        public int Threads { get; init; } = 2;

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Input)) return ValidationResult.Error("--input <PATH> is required");
            if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out <DIR> is required");
            if (SampleRate > Limits.MaxSampleRateHz) return ValidationResult.Error($"--sample-rate must be ≤ {Limits.MaxSampleRateHz} (got {SampleRate})");
            var errors = Options().Validate().ToList();
            return errors.Count > 0 ? ValidationResult.Error(errors[0]) : ValidationResult.Success();
        }

        public PrepareOptions Options()
        {
            var o = PrepareOptions.ForProfile(Profile);
            return o with
            {
                Dataset = Dataset,
                Limit = Limit,
                Seed = Seed,
                Split = new SplitOptions { Kind = Split, Seed = Seed, TestFraction = TestFraction },
                Mel = PadMode is { } pm ? o.Mel with { PadMode = pm } : o.Mel,
                SampleRateHz = SampleRate,
                Power = Power,
                MaxDegreeOfParallelism = Threads,
                Recordings = new RecordingsOptions
                {
                    ClipSeconds = ClipSeconds,
                    PartialClip = PadLastClip ? PartialClipPolicy.ZeroPad : PartialClipPolicy.Drop,
                    MappingFiles = Maps,
                    GroupColumn = GroupBy,
                },
            };
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var features = settings.Features is null ? null : FeatureRegistry.Default.Resolve(settings.Features); // unknown names fail before any work
        var featureOptions = FeatureOptions.For(settings.Profile == DatasetProfile.Paper ? FeatureProfile.Paper : FeatureProfile.Corrected);
        // The features are computed in the mel pass, on the same decoded clips and STFTs, and written at its end; CacheFeatures
        // computes them itself only when the mel cache was already up to date or holds power.
        var alongside = features is null ? null : new CacheFeatures.FeatureParts(settings.Out!, settings.Options(), featureOptions, features);
        var result = DatasetPreparer.Prepare(settings.Input!, settings.Out!, settings.Options(), null, cancellationToken, alongside);
        Report(result, sw.Elapsed);
        if (alongside is { Assembled: true })
            AnsiConsole.MarkupLine($"features: {alongside.Files.Count} file(s), computed in the mel pass from the same decoded clips → {Markup.Escape(CacheLayout.FeaturesDir(result.Cache))}");
        else if (features is not null)
        {
            sw.Restart();
            var fr = CacheFeatures.Prepare(settings.Input!, settings.Out!, settings.Options(), featureOptions, features, null, cancellationToken);
            AnsiConsole.MarkupLine(fr.UpToDate
                ? $"[green]up to date[/]: {fr.Files.Count} feature file(s) in {Markup.Escape(CacheLayout.FeaturesDir(result.Cache))}"
                : $"features: {fr.Files.Count} file(s), {fr.ComputedClips} clips computed here, {fr.ReusedClips} from committed parts (the mel pass, or an earlier run), in {sw.Elapsed.TotalSeconds:0.00} s → {Markup.Escape(CacheLayout.FeaturesDir(result.Cache))}");
        }
        return CliSetup.ExitCodes.Ok;
    }

    /// <summary>Prints what a prepare run did.</summary>
    internal static void Report(PrepareResult result, TimeSpan elapsed)
    {
        var m = result.Manifest;
        foreach (var d in result.Damaged)
            AnsiConsole.MarkupLine($"[yellow]damaged cache, recomputed[/]: {Markup.Escape(d.ToString())}");
        if (result.UpToDate)
            AnsiConsole.MarkupLine($"[green]up to date[/]: {Markup.Escape(result.Cache)} already holds {m.Count} examples for these inputs and options");
        else
            AnsiConsole.MarkupLine($"prepared {m.Count} examples ({result.ComputedClips} computed, {result.ReusedClips} resumed) → [bold]{Markup.Escape(result.Cache)}[/] " +
                $"in {elapsed.TotalSeconds:0.00} s ({(result.ComputedClips > 0 ? result.ComputedClips / elapsed.TotalSeconds : 0):0} clips/s)");
        AnsiConsole.WriteLine($"mel.npy float32 [{m.Count}, {m.Mels}, {m.Frames}] {m.MelUnit}; split {m.TrainCount} train / {m.TestCount} test");
    }
}
