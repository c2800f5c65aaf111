using System.ComponentModel;
using System.Diagnostics;
using Concord.Datasets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord synth-dataset</c>: writes the embedded synthetic dataset in the NSynth layout.</summary>
public sealed class SynthDatasetCommand : Command<SynthDatasetCommand.Settings>
{
    public sealed class Settings : CommandSettings, ICommandOutput
    {
        string? ICommandOutput.OutputPath => Out;
        IEnumerable<string?> ICommandOutput.InputPaths => [];

        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder; receives examples.json and audio/<note_str>.wav (16 kHz, 16-bit, 4 s).")]
        public string? Out { get; init; }

        [CommandOption("--notes <N>")]
        [Description("Number of notes, spread over the 8 families (default 400).")]
        public int Notes { get; init; } = new SynthDatasetOptions().Notes;

        [CommandOption("--instruments <N>")]
        [Description("Instruments per family (default 4).")]
        public int Instruments { get; init; } = new SynthDatasetOptions().InstrumentsPerFamily;

        [CommandOption("--seed <S>")]
        [Description("Random seed (default 0); the same seed gives byte-identical files.")]
        public int Seed { get; init; }

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out <DIR> is required");
            var errors = Options().Validate().ToList();
            return errors.Count > 0 ? ValidationResult.Error(errors[0]) : ValidationResult.Success();
        }

        public SynthDatasetOptions Options() => new() { Notes = Notes, InstrumentsPerFamily = Instruments, Seed = Seed };
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var notes = SynthDataset.Write(settings.Out!, settings.Options(), cancellationToken: cancellationToken);
        AnsiConsole.MarkupLine($"wrote {notes.Count} notes to [bold]{Markup.Escape(Path.GetFullPath(settings.Out!))}[/] in {sw.Elapsed.TotalSeconds:0.00} s");
        return CliSetup.ExitCodes.Ok;
    }
}
