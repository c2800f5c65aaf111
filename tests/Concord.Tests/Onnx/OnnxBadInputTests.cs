using Concord.IO;
using Concord.Onnx;
using Concord.Tests.Infrastructure;
using Google.Protobuf;
using Onnx;
using static Concord.Tests.Onnx.OnnxReferenceTests;

namespace Concord.Tests.Onnx;

/// <summary>Each bad model or selection is a one-line <see cref="ConcordException"/> naming the file and the node or
/// field, raised before any activation file is written.</summary>
public sealed class OnnxBadInputTests
{
    private static ConcordException Fails(string model, string inputs, OnnxExtractionOptions options, string outDir)
    {
        var ex = Assert.Throws<ConcordException>(() =>
            new OnnxActivationExtractor(options).Extract(model, SpectrogramSource.FromArray(inputs, false), outDir));
        Assert.DoesNotContain('\n', ex.Message);
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFiles(outDir, "*.npy").Any(), "an activation file was written");
        return ex;
    }

    [Fact]
    public void InputSizeTheModelCannotTakeNamesExpectedAndGivenShapes()
    {
        using var dir = new TempDir();
        string small = dir.File("small.npy");
        Npy.Write<float>(small, new float[2 * 16 * 24], 2, 16, 24);
        var ex = Fails(Ref("cnn.onnx"), small, new OnnxExtractionOptions(), dir.File("out"));
        Assert.StartsWith(Ref("cnn.onnx") + ": field 'input': input 'mel' takes [batch, 1, 32, 24]", ex.Message);
        Assert.Contains("give [N, 1, 16, 24]", ex.Message);
    }

    [Fact]
    public void RankTheModelCannotTakeNamesTheLayout()
    {
        using var dir = new TempDir();
        var ex = Fails(Ref("conv1d.onnx"), Ref("inputs.npy"), new OnnxExtractionOptions { Input = new() { Layout = InputLayout.N1hw } }, dir.File("out"));
        Assert.Contains("input 'mel' takes [1, 32, 24]", ex.Message);
        Assert.Contains("[N, 1, 32, 24] in layout n1hw", ex.Message);
    }

    [Fact]
    public void UnknownLayerListsTheNearestNames()
    {
        using var dir = new TempDir();
        var ex = Fails(Ref("cnn.onnx"), Ref("inputs.npy"), new OnnxExtractionOptions { Layers = ["/conv2/Conv_output"] }, dir.File("out"));
        Assert.StartsWith(Ref("cnn.onnx") + ": field 'layers': no tensor named '/conv2/Conv_output' (nearest: /conv2/Conv_output_0, ", ex.Message);
    }

    [Fact]
    public void CorruptOrNonOnnxFileIsRefused()
    {
        using var dir = new TempDir();
        string text = dir.File("notes.onnx");
        File.WriteAllText(text, "this is not a model\n");
        var ex = Fails(text, Ref("inputs.npy"), new OnnxExtractionOptions(), dir.File("out"));
        Assert.StartsWith(text + ": ", ex.Message);
        Assert.Contains("not an ONNX model", ex.Message);
        string truncated = dir.File("truncated.onnx");
        var bytes = File.ReadAllBytes(Ref("cnn.onnx"));
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        ex = Fails(truncated, Ref("inputs.npy"), new OnnxExtractionOptions(), dir.File("out"));
        Assert.StartsWith(truncated + ": ", ex.Message);
        Assert.Contains("not an ONNX model", ex.Message);
    }

    [Fact]
    public void OpsetOnnxRuntimeDoesNotSupportIsRefused()
    {
        using var dir = new TempDir();
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Ref("cnn.onnx")));
        proto.OpsetImport.Single(o => o.Domain == "").Version = 1000;
        string path = dir.File("future.onnx");
        File.WriteAllBytes(path, proto.ToByteArray());
        var ex = Fails(path, Ref("inputs.npy"), new OnnxExtractionOptions(), dir.File("out"));
        Assert.StartsWith(path + ": field 'opset_import': ", ex.Message);
        Assert.Contains("ai.onnx 1000", ex.Message);
    }

    [Fact]
    public void NonFloatTensorIsRefusedByName()
    {
        using var dir = new TempDir();
        var ex = Fails(Ref("cnn.onnx"), Ref("inputs.npy"), new OnnxExtractionOptions { Layers = ["/pool2/Constant_output_0"] }, dir.File("out"));
        Assert.Contains("'/pool2/Constant_output_0'", ex.Message);
    }
}
