using Concord.Onnx;

namespace Concord.Cli.Commands;

/// <summary>Parses the ONNX input-adaptation words of the command line (the JSON/CLI boundary; enums inside).</summary>
internal static class OnnxArguments
{
    public static InputLayout? Layout(string s) => s.ToLowerInvariant() switch
    {
        "n1hw" => InputLayout.N1hw, "nhw" => InputLayout.Nhw, "nchw" => InputLayout.Nchw, _ => null,
    };

    public static InputScale? Scale(string s) => s.ToLowerInvariant() switch
    {
        "db" => InputScale.Decibels, "power" => InputScale.Power, _ => null,
    };

    public static InputNormalization? Normalization(string s) => s.ToLowerInvariant() switch
    {
        "none" => InputNormalization.None, "per-clip" => InputNormalization.PerClipZScore, "given" => InputNormalization.Given, _ => null,
    };

    /// <summary>A comma-separated list, trimmed, empty entries dropped.</summary>
    public static List<string> List(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>"HxW" (or "H×W") → (H, W), both ≥ 1; null when malformed.</summary>
    public static (int Height, int Width)? Size(string s)
    {
        var parts = s.Split(['x', 'X', '×']);
        return parts.Length == 2 && int.TryParse(parts[0], out int h) && int.TryParse(parts[1], out int w) && h > 0 && w > 0 ? (h, w) : null;
    }
}
