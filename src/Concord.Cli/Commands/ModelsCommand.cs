using Concord.Networks;
using System.ComponentModel;
using System.Text.Json;
using Concord.Torch.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord models</c>: every architecture's parameter count and tap shapes for a 128×T input.</summary>
public sealed class ModelsCommand : Command<ModelsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--frames <T>")]
        [Description("Input frames T (width); 128 for NSynth, 176 for Composer/Beethoven.")]
        public int Frames { get; init; } = 128;

        [CommandOption("--mels <H>")]
        [Description("Input mel bins H (height); the study uses 128.")]
        public int Mels { get; init; } = 128;

        [CommandOption("--classes <K>")]
        [Description("Number of classes K of the output layer.")]
        public int Classes { get; init; } = 8;

        [CommandOption("--json")]
        [Description("Print JSON instead of a table.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Frames < 1 || Mels < 1 ? ValidationResult.Error("--frames and --mels must be ≥ 1")
            : Classes < 2 ? ValidationResult.Error("--classes must be ≥ 2")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var arch in Enum.GetValues<Architecture>())
        {
            var o = new ModelOptions { Architecture = arch, Mels = settings.Mels, Frames = settings.Frames, Classes = settings.Classes };
            var row = new Dictionary<string, object?> { ["architecture"] = ArchitectureNames.ToName(arch) };
            var errors = o.Validate().ToList();
            if (errors.Count > 0) { row["error"] = errors[0]; rows.Add(row); continue; }
            row["parameters"] = ModelFactory.ParameterCount(o);
            if (arch != Architecture.FeedForward)
            {
                var s = ModelShapes.Compute(o);
                foreach (var tap in Enum.GetValues<Tap>()) row[tap.ToString().ToLowerInvariant()] = s.Of(tap).ToString();
                row["fc1_in"] = s.Fc1Inputs;
            }
            else row["fc1_in"] = (long)settings.Mels * settings.Frames;
            rows.Add(row);
        }
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { mels = settings.Mels, frames = settings.Frames, classes = settings.Classes, models = rows },
                new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumns("arch", "params", "conv1", "pool1", "conv2", "pool2", "conv3", "fc1 in");
        foreach (var r in rows)
        {
            string Get(string k) => r.TryGetValue(k, out var v) && v is not null ? v.ToString()! : "–";
            table.AddRow(Get("architecture"), r.ContainsKey("error") ? "[red]input too small[/]" : Get("parameters"),
                Get("conv1"), Get("pool1"), Get("conv2"), Get("pool2"), Get("conv3"), Get("fc1_in"));
        }
        AnsiConsole.MarkupLine($"Input {settings.Mels}×{settings.Frames} (mels×frames), K = {settings.Classes}; shapes are C,H,W.");
        AnsiConsole.Write(table);
        return 0;
    }
}
