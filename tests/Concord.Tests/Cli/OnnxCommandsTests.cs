using System.Text.Json;
using Concord.IO;
using Concord.Tests.Infrastructure;
using static Concord.Tests.Onnx.OnnxReferenceTests;

namespace Concord.Tests.Cli;

/// <summary><c>concord onnx-layers</c> and <c>concord extract --onnx</c> as processes: listing, extraction equal to the
/// PyTorch reference, and one-line errors with exit 1 for bad models and names.</summary>
public sealed class OnnxCommandsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void OnnxLayersListsEveryTensorWithItsShape()
    {
        using var dir = new TempDir();
        var (exit, stdout, stderr) = CliProcess.Run(["onnx-layers", Ref("cnn.onnx"), "--json"], dir.Path, Timeout);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var tensors = doc.RootElement.GetProperty("tensors").EnumerateArray().ToDictionary(t => t.GetProperty("tensor").GetString()!);
        Assert.Equal([1, 4, 30, 22], tensors["/conv1/Conv_output_0"].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([1, 6, 7, 5], tensors["/pool2/AveragePool_output_0"].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([1, 3], tensors["logits"].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(6, tensors.Values.Count(t => t.GetProperty("auto").GetBoolean()));

        (exit, stdout, stderr) = CliProcess.Run(["onnx-layers", Ref("conv1d.onnx"), "--input-size", "32x24", "--layout", "nhw"], dir.Path, Timeout);
        Assert.True(exit == 0, stderr);
        Assert.Contains("/conv1/Conv_output_0", stdout);
        Assert.Contains("[1, 8, 20]", stdout);
    }

    [Fact]
    public void ExtractOnnxWritesTheReferenceActivations()
    {
        using var dir = new TempDir();
        string outDir = dir.File("acts");
        var (exit, stdout, stderr) = CliProcess.Run(["extract", "--onnx", Ref("cnn.onnx"), "--inputs", Ref("inputs.npy"),
            "--normalization", "per-clip", "--layers", "/relu2/Relu_output_0,logits", "--out", outDir], dir.Path, Timeout);
        Assert.True(exit == 0, stderr + stdout);
        var relu2 = Npy.Read<float>(Path.Combine(outDir, "relu2_Relu_output_0.all.npy"));
        var expected = Npy.Read<double>(Ref("cnn_relu2.npy"));
        Assert.Equal([5, expected.RowLength], relu2.Shape);
        double max = expected.Data.Max(Math.Abs);
        for (int i = 0; i < expected.Data.Length; i++) Assert.True(Math.Abs(relu2.Data[i] - expected.Data[i]) <= 1e-5 * max);
        Assert.True(File.Exists(Path.Combine(outDir, "logits.all.npy")));
        Assert.True(File.Exists(Path.Combine(outDir, "activations.json")));
    }

    [Theory]
    [InlineData("layer", "no tensor named '/conv9/Conv_output_0' (nearest: ")]
    [InlineData("corrupt", "not an ONNX model")]
    [InlineData("size", "takes [batch, 1, 32, 24]")]
    public void BadModelOrSelectionIsOneLineExitOne(string kind, string expected)
    {
        using var dir = new TempDir();
        string model = Ref("cnn.onnx"), inputs = Ref("inputs.npy");
        var extra = new List<string>();
        if (kind == "layer") extra.AddRange(["--layers", "/conv9/Conv_output_0"]);
        if (kind == "corrupt") { model = dir.File("bad.onnx"); File.WriteAllText(model, "not a model"); }
        if (kind == "size") { inputs = dir.File("x.npy"); Npy.Write<float>(inputs, new float[2 * 16 * 16], 2, 16, 16); }
        string outDir = dir.File("acts");
        var (exit, _, stderr) = CliProcess.Run(["extract", "--onnx", model, "--inputs", inputs, "--out", outDir, .. extra], dir.Path, Timeout);
        Assert.True(exit == 1, $"exit {exit}: {stderr}");
        Assert.StartsWith("error: " + model + ": ", stderr);
        Assert.Contains(expected, stderr);
        Assert.DoesNotContain('\n', stderr);
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFiles(outDir).Any());
    }
}
