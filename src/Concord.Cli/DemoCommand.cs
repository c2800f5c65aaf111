using System.ComponentModel;
using System.Diagnostics;
using Concord.Datasets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli;

/// <summary><c>concord demo</c>: runs the pipeline on the embedded synthetic dataset (for now: synth-dataset → prepare).</summary>
public sealed class DemoCommand : Command<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder (default: ./concord-demo).")]
        public string Out { get; init; } = "concord-demo";

        [CommandOption("--notes <N>")]
        [Description("Synthetic notes to generate (default 400).")]
        public int Notes { get; init; } = new SynthDatasetOptions().Notes;

        [CommandOption("--seed <S>")]
        [Description("Seed of the synthetic dataset (default 0).")]
        public int Seed { get; init; }

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string root = Path.GetFullPath(settings.Out);
        string data = Path.Combine(root, "synth-nsynth"), cache = Path.Combine(root, "cache");
        AnsiConsole.MarkupLine($"[bold]Concord demo[/] → {Markup.Escape(root)}");
        var stages = new List<(string Stage, string Output, TimeSpan Time)>();

        var sw = Stopwatch.StartNew();
        var notes = SynthDataset.Write(data, new SynthDatasetOptions { Notes = settings.Notes, Seed = settings.Seed }, cancellationToken: cancellationToken);
        stages.Add(("synth-dataset", data, sw.Elapsed));

        sw.Restart();
        var result = DatasetPreparer.Prepare(data, cache, PrepareOptions.ForProfile(DatasetProfile.Corrected), null, cancellationToken);
        stages.Add(("prepare" + (result.UpToDate ? " (up to date)" : ""), cache, sw.Elapsed));

        var families = new Table().AddColumn("family").AddColumn(new TableColumn("notes").RightAligned());
        foreach (var g in notes.GroupBy(n => n.InstrumentFamilyStr).OrderBy(g => g.Key, StringComparer.Ordinal))
            families.AddRow(g.Key, g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        families.AddRow("[bold]total[/]", $"[bold]{notes.Count}[/]");
        AnsiConsole.Write(families);

        var m = result.Manifest;
        var table = new Table().AddColumn("stage").AddColumn("output").AddColumn(new TableColumn("time").RightAligned());
        foreach (var (stage, output, time) in stages) table.AddRow(stage, Markup.Escape(output), $"{time.TotalSeconds:0.00} s");
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"cache: mel.npy float32 [{m.Count}, {m.Mels}, {m.Frames}] {m.MelUnit}, {m.TrainCount} train / {m.TestCount} test, " +
            "tasks: instrument_family, pitch, velocity, instrument");
        return CliSetup.ExitCodes.Ok;
    }
}
