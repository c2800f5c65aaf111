using System.ComponentModel;
using Concord.Audio;
using Concord.IO;
using Concord.Spectral;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord mel</c>: the dB (or power) mel spectrogram of one audio file, written as float32 <c>[mels, frames]</c> .npy.</summary>
public sealed class MelCommand : Command<MelCommand.Settings>
{
    public sealed class Settings : CommandSettings, ICommandOutput
    {
        string? ICommandOutput.OutputPath => Output;
        IEnumerable<string?> ICommandOutput.InputPaths => [Audio];

        [CommandArgument(0, "<AUDIO>")]
        [Description("Input audio file (WAV, Ogg Vorbis or MP3; detected from its content).")]
        public string Audio { get; init; } = "";

        [CommandOption("-o|--output <PATH>")]
        [Description("Output .npy file: float32 [[mels, frames]].")]
        public string? Output { get; init; }

        [CommandOption("--sample-rate <HZ>")]
        [Description("Resample to this rate first (default: keep the file's rate).")]
        public int? SampleRate { get; init; }

        [CommandOption("--n-fft <N>")]
        [Description("FFT and window length in samples (default 2048).")]
        public int FftSize { get; init; } = new MelSpectrogramOptions().FftSize;

        [CommandOption("--hop <N>")]
        [Description("Hop length in samples (default 502).")]
        public int Hop { get; init; } = new MelSpectrogramOptions().HopLength;

        [CommandOption("--n-mels <N>")]
        [Description("Number of mel bands (default 128).")]
        public int MelBands { get; init; } = new MelSpectrogramOptions().MelBandCount;

        [CommandOption("--fmax <HZ>")]
        [Description("Upper mel edge in Hz (default 8000; 0 means the Nyquist frequency).")]
        public double FMax { get; init; } = new MelSpectrogramOptions().FMaxHz ?? 0;

        [CommandOption("--pad-mode <MODE>")]
        [Description("STFT centre padding: constant (librosa ≥0.10, default) or reflect (librosa 0.8, the paper).")]
        public PadMode PadMode { get; init; } = new MelSpectrogramOptions().PadMode;

        [CommandOption("--power")]
        [Description("Write mel power instead of dB (dB = power_to_db with ref=max, amin=1e-10, top_db=80).")]
        public bool Power { get; init; }

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }

        public MelSpectrogramOptions ToOptions() => new MelSpectrogramOptions() with
        {
            FftSize = FftSize,
            HopLength = Hop,
            MelBandCount = MelBands,
            FMaxHz = FMax > 0 ? FMax : null,
            PadMode = PadMode,
        };

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Output)) return ValidationResult.Error("-o|--output <PATH> is required");
            if (SampleRate is <= 0) return ValidationResult.Error($"--sample-rate must be > 0 (got {SampleRate})");
            if (SampleRate > Limits.MaxSampleRateHz) return ValidationResult.Error($"--sample-rate must be ≤ {Limits.MaxSampleRateHz} (got {SampleRate})");
            if (MelBands > Limits.MaxMelBands) return ValidationResult.Error($"--n-mels must be ≤ {Limits.MaxMelBands} (got {MelBands})");
            if (FMax < 0) return ValidationResult.Error($"--fmax must be ≥ 0 (got {FMax})");
            var errors = ToOptions().Validate().ToList();
            return errors.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join("; ", errors));
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var clip = AudioFile.Load(settings.Audio, settings.SampleRate);
        var options = settings.ToOptions();
        var errors = options.Validate(clip.SampleRateHz).ToList();
        if (errors.Count > 0)
            throw ConcordException.InFile(settings.Audio, string.Join("; ", errors) + " (set --fmax or --sample-rate)");
        var mel = new MelSpectrogram(options, clip.SampleRateHz);
        var spec = settings.Power ? mel.ComputePower(clip.Samples) : mel.ComputeDecibels(clip.Samples);
        Npy.Write<float>(settings.Output!, spec.Values, spec.Bins, spec.Frames);
        AnsiConsole.MarkupLine($"{Markup.Escape(settings.Output!)}: {(settings.Power ? "mel power" : "mel dB")} [[{spec.Bins}, {spec.Frames}]] float32 "
            + $"from {clip.Samples.Length} samples at {clip.SampleRateHz} Hz ({clip.SourceChannels} channel(s) averaged)");
        return CliSetup.ExitCodes.Ok;
    }
}
