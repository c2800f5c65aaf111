using System.ComponentModel;
using Concord.Audio;
using Concord.Datasets;
using Concord.Features;
using Concord.Spectral;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord features</c>: hand-crafted features of one audio file, a dB mel <c>.npy</c> or a prepared dataset cache,
/// written as <c>OUT/features/&lt;name&gt;.npy</c> float32 [N, d].</summary>
public sealed class FeaturesCommand : Command<FeaturesCommand.Settings>
{
    public sealed class Settings : CommandSettings, ICommandOutput
    {
        string? ICommandOutput.OutputPath => Out;
        IEnumerable<string?> ICommandOutput.InputPaths => [Input];

        [CommandOption("-i|--input <PATH>")]
        [Description("An audio file (WAV, Ogg Vorbis, MP3), a dB mel spectrogram .npy ([[mels, frames]] or [[N, mels, frames]]), or a prepared dataset cache folder (its mel.npy).")]
        public string Input { get; init; } = "";

        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder; features go to DIR/features/<name>.npy.")]
        public string Out { get; init; } = "";

        [CommandOption("-f|--features <LIST>")]
        [Description("Comma-separated feature names, or the sets 'paper' (default) and 'all'. See docs/features.md.")]
        public string Features { get; init; } = "paper";

        [CommandOption("--profile <PROFILE>")]
        [Description("corrected (default: true sample rate, frame-count sentinel, constant padding) or paper (the study's quirks).")]
        public FeatureProfile Profile { get; init; } = FeatureProfile.Corrected;

        [CommandOption("--sample-rate <HZ>")]
        [Description("Resample audio input to this rate first (default: keep the file's rate).")]
        public int? SampleRate { get; init; }

        [CommandOption("--threads <N>")]
        [Description("Clips computed in parallel (default 2).")]
        public int Threads { get; init; } = 2;

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Input)) return ValidationResult.Error("-i|--input <PATH> is required");
            if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("-o|--out <DIR> is required");
            if (!File.Exists(Input) && !Directory.Exists(Input)) return ValidationResult.Error($"{Input}: no such file or folder");
            if (SampleRate is <= 0) return ValidationResult.Error($"--sample-rate must be > 0 (got {SampleRate})");
            if (SampleRate > Limits.MaxSampleRateHz) return ValidationResult.Error($"--sample-rate must be ≤ {Limits.MaxSampleRateHz} (got {SampleRate})");
            if (Threads <= 0) return ValidationResult.Error($"--threads must be > 0 (got {Threads})");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var features = FeatureRegistry.Default.Resolve(settings.Features);
        var options = FeatureOptions.For(settings.Profile);
        IReadOnlyList<string> written;
        string what;
        if (Directory.Exists(settings.Input) && File.Exists(CacheLayout.Manifest(settings.Input))
            && (features.Any(f => f.Source != FeatureSource.MelDecibels) || PreparedCache.ReadManifest(CacheLayout.Manifest(settings.Input)).MelUnit != "dB"))
        {
            // a prepared cache: re-read its audio (input and options from manifest.json), as `prepare --features` does
            var r = CacheFeatures.PrepareFromManifest(settings.Input, options, features, settings.Out, settings.Threads, cancellationToken: cancellationToken);
            written = r.Files;
            what = $"the cache {settings.Input} ({(r.UpToDate ? "up to date" : $"{r.ComputedClips} clips computed, {r.ReusedClips} resumed")})";
        }
        else if (Directory.Exists(settings.Input) || settings.Input.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            string npy = Directory.Exists(settings.Input) ? CacheLayout.Mel(settings.Input) : settings.Input;
            var extractor = new FeatureExtractor(options, features);
            written = FeatureFiles.WriteMelStack(settings.Out, extractor, npy, settings.Threads, cancellationToken: cancellationToken);
            what = npy;
        }
        else
        {
            var clip = AudioFile.Load(settings.Input, settings.SampleRate);
            var frontEnd = new FeatureFrontEnd(new MelSpectrogramOptions { PadMode = options.PadMode }, options, features);
            written = FeatureFiles.WriteClip(settings.Out, frontEnd, clip.Samples, clip.SampleRateHz);
            what = $"{settings.Input} ({clip.Samples.Length} samples at {clip.SampleRateHz} Hz)";
        }
        AnsiConsole.MarkupLine($"{written.Count} feature(s), profile {settings.Profile.ToString().ToLowerInvariant()}, from {Markup.Escape(what)} → "
            + Markup.Escape(Path.GetDirectoryName(Path.GetFullPath(written[0]))!));
        return CliSetup.ExitCodes.Ok;
    }
}
