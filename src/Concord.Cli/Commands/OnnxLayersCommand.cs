using System.ComponentModel;
using System.Text.Json;
using Concord.Onnx;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord onnx-layers MODEL.onnx</c>: every tensor of an ONNX network with its shape for an input size,
/// so that a user can choose <c>--layers</c>.</summary>
public sealed class OnnxLayersCommand : Command<OnnxLayersCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("The ONNX model file (read only).")]
        public string Model { get; init; } = "";

        [CommandOption("--input-size <HxW>")]
        [Description("Spectrogram size H×W (mel bins × frames), e.g. 128x128; default: the model's own input size when it is fixed.")]
        public string? InputSize { get; init; }

        [CommandOption("--layout <LAYOUT>")]
        [Description("How a spectrogram [[H, W]] enters the model: n1hw (default) [[batch, 1, H, W]], nhw [[batch, H, W]], nchw [[batch, C = 1, H, W]].")]
        public string Layout { get; init; } = "n1hw";

        [CommandOption("--json")]
        [Description("Print JSON instead of a table.")]
        public bool Json { get; init; }

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }

        public override ValidationResult Validate() =>
            InputSize is not null && OnnxArguments.Size(InputSize) is null ? ValidationResult.Error("--input-size must be HxW with H, W ≥ 1, e.g. 128x128")
            : OnnxArguments.Layout(Layout) is null ? ValidationResult.Error("--layout must be n1hw, nhw or nchw")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var model = OnnxModel.Load(settings.Model);
        var layout = OnnxArguments.Layout(settings.Layout)!.Value;
        (int h, int w) = settings.InputSize is not null ? OnnxArguments.Size(settings.InputSize)!.Value : FixedSize(model);
        var shapes = OnnxLayerLister.List(model, h, w, layout);
        if (settings.Json)
        {
            var rows = shapes.Select(s => new Dictionary<string, object?>
            {
                ["tensor"] = s.Tensor.Name, ["op"] = s.Tensor.OpType, ["node"] = s.Tensor.Node,
                ["shape"] = s.Shape, ["type"] = s.ElementType, ["auto"] = s.Auto,
            });
            Console.WriteLine(JsonSerializer.Serialize(new { model = settings.Model, input = model.InputName, height = h, width = w, tensors = rows },
                new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumns("tensor", "op", "shape", "type", "auto");
        foreach (var s in shapes)
            table.AddRow(Markup.Escape(s.Tensor.Name), s.Tensor.OpType, Markup.Escape("[" + string.Join(", ", s.Shape) + "]"), s.ElementType, s.Auto ? "*" : "");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"input '{Markup.Escape(model.InputName)}' fed {h}×{w} in layout {settings.Layout.ToLowerInvariant()}; * = picked by layers auto");
        return 0;
    }

    /// <summary>H and W from the model's input when both are fixed numbers.</summary>
    private static (int, int) FixedSize(OnnxModel model)
    {
        var d = model.InputDims;
        if (d.Count >= 3 && d[^2] is long h && d[^1] is long w) return (checked((int)h), checked((int)w));
        throw ConcordException.InFile(model.Path, $"input '{model.InputName}' has no fixed height and width; give --input-size HxW", "input");
    }
}
