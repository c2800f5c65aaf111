using System.Text.Json;
using Concord.IO;
using Concord.Onnx;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Onnx;

/// <summary>
/// Concord's ONNX extraction against PyTorch's own intermediate activations (tests/reference/make_onnx.py, torch 1.13):
/// a 2-D CNN with BatchNorm (dynamic batch, per-clip z-scored input) and a 1-D conv net with the mel bins as channels
/// (fixed batch of 1, given mean and sd). The reference is float64; ONNX Runtime computes in float32, so the tolerance is
/// 1e-5 of the tensor's largest magnitude (max |a − e| / max |e|).
/// </summary>
public sealed class OnnxReferenceTests
{
    private const double RelativeTolerance = 1e-5;

    internal static string Ref(string file) => TestPaths.Reference("onnx", file);

    private static JsonElement Network(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Ref("onnx.json")));
        return doc.RootElement.GetProperty("networks").GetProperty(name).Clone();
    }

    internal static OnnxInputOptions InputOf(JsonElement net) => new()
    {
        Layout = net.GetProperty("layout").GetString() == "nhw" ? InputLayout.Nhw : InputLayout.N1hw,
        Normalization = Enum.Parse<InputNormalization>(net.GetProperty("normalization").GetString()!),
        Mean = net.TryGetProperty("mean", out var m) ? m.GetDouble() : null,
        Sd = net.TryGetProperty("sd", out var s) ? s.GetDouble() : null,
    };

    private static void AssertRelative(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxAbs = expected.Max(Math.Abs), maxErr = 0;
        for (int i = 0; i < expected.Length; i++) maxErr = Math.Max(maxErr, Math.Abs(actual[i] - expected[i]));
        Assert.True(maxAbs > 0, $"{what}: reference is all zeros");
        Assert.True(maxErr / maxAbs <= RelativeTolerance, $"{what}: max |error| {maxErr:G3} = {maxErr / maxAbs:G3} of max |value| {maxAbs:G3}");
    }

    [Theory]
    [InlineData("cnn", 2)]      // batches of 2 over 5 inputs: the last batch is partial
    [InlineData("conv1d", 64)]  // the model's batch is fixed at 1, whatever the option says
    public void AutoLayersMatchPyTorchActivations(string name, int batchSize)
    {
        var net = Network(name);
        using var dir = new TempDir();
        var options = new OnnxExtractionOptions { Input = InputOf(net), BatchSize = batchSize };
        var result = new OnnxActivationExtractor(options).Extract(Ref(net.GetProperty("file").GetString()!),
            SpectrogramSource.FromArray(Ref("inputs.npy"), isPower: false), dir.Path);
        var auto = net.GetProperty("auto").EnumerateArray().ToList();
        Assert.Equal(auto.Count, result.Files.Count);
        for (int i = 0; i < auto.Count; i++)
        {
            var file = result.Files[i];
            Assert.Equal(auto[i].GetProperty("op").GetString(), file.OpType);
            if (auto[i].TryGetProperty("tensor", out var tensor)) Assert.Equal(tensor.GetString(), file.Layer);   // a graph output keeps its name
            else Assert.Contains("/" + auto[i].GetProperty("scope").GetString() + "/", file.Layer, StringComparison.Ordinal);
            var expected = Npy.Read<double>(Ref($"{name}_{auto[i].GetProperty("module").GetString()}.npy"));
            var actual = Npy.Read<float>(file.Path);
            Assert.Equal([5, expected.RowLength], actual.Shape);
            Assert.Equal(expected.Shape[1..], file.Shape);
            AssertRelative(expected.Data, actual.Data, $"{name} {file.Layer}");
        }
        Assert.True(File.Exists(result.ManifestPath));
    }

    [Fact]
    public void ExplicitNamesSelectTensorsAndChannelMeanAveragesDimensionOne()
    {
        var net = Network("cnn");
        using var dir = new TempDir();
        var options = new OnnxExtractionOptions
        {
            Input = InputOf(net), Layers = ["logits", "/relu1/Relu_output_0"], ChannelMean = new HashSet<string> { "/relu1/Relu_output_0" },
        };
        var result = new OnnxActivationExtractor(options).Extract(Ref("cnn.onnx"), SpectrogramSource.FromArray(Ref("inputs.npy"), false), dir.Path);
        Assert.Equal(["logits", "/relu1/Relu_output_0"], result.Files.Select(f => f.Layer));
        AssertRelative(Npy.Read<double>(Ref("cnn_logits.npy")).Data, Npy.Read<float>(result.Files[0].Path).Data, "logits");
        var relu = Npy.Read<double>(Ref("cnn_relu1.npy"));    // [5, 4, 30, 22]
        int c = (int)relu.Shape[1], rest = (int)(relu.RowLength / c);
        var mean = new double[5 * rest];
        for (int e = 0; e < 5; e++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < rest; i++) mean[e * rest + i] += relu.Data[(e * c + ch) * rest + i] / c;
        var actual = Npy.Read<float>(result.Files[1].Path);
        Assert.Equal([5L, rest], actual.Shape);
        Assert.True(result.Files[1].ChannelMean);
        AssertRelative(mean, actual.Data, "channel mean of relu1");
    }

    [Fact]
    public void ExtractionIsDeterministicAcrossBatchSizes()
    {
        var net = Network("cnn");
        using var dir = new TempDir();
        var a = new OnnxActivationExtractor(new OnnxExtractionOptions { Input = InputOf(net), BatchSize = 1 })
            .Extract(Ref("cnn.onnx"), SpectrogramSource.FromArray(Ref("inputs.npy"), false), Path.Combine(dir.Path, "a"));
        var b = new OnnxActivationExtractor(new OnnxExtractionOptions { Input = InputOf(net), BatchSize = 3, Threads = 2 })
            .Extract(Ref("cnn.onnx"), SpectrogramSource.FromArray(Ref("inputs.npy"), false), Path.Combine(dir.Path, "b"));
        for (int i = 0; i < a.Files.Count; i++)
            Assert.Equal(Npy.Read<float>(a.Files[i].Path).Data, Npy.Read<float>(b.Files[i].Path).Data);
    }

    [Fact]
    public void CacheSplitsAreExtractedInSplitOrder()
    {
        using var dir = new TempDir();
        string csv = dir.File("labels.csv"), cache = dir.File("cache");
        File.WriteAllText(csv, "id,label\na,x\nb,y\nc,x\nd,y\ne,x\n");
        Concord.Datasets.ArraysDataset.Prepare(Ref("inputs.npy"), csv, cache, new Concord.Datasets.ArraysOptions());
        var source = SpectrogramSource.FromCache(cache, includeTest: true);
        var result = new OnnxActivationExtractor(new OnnxExtractionOptions { Input = InputOf(Network("cnn")), Layers = ["/pool1/MaxPool_output_0"] })
            .Extract(Ref("cnn.onnx"), source, Path.Combine(dir.Path, "acts"));
        var expected = Npy.Read<double>(Ref("cnn_pool1.npy"));
        int width = (int)expected.RowLength;
        foreach (var (split, rows) in source.Splits)
        {
            var file = result.Files.Single(f => f.Split == split);
            Assert.EndsWith($"pool1_MaxPool_output_0.{split}.npy", file.Path);
            var actual = Npy.Read<float>(file.Path);
            Assert.Equal([rows.Length, width], actual.Shape);
            var want = rows.SelectMany(r => expected.Data.Skip((int)r * width).Take(width)).ToArray();
            AssertRelative(want, actual.Data, $"pool1 {split}");
        }
        Assert.Equal(5, source.Splits.Sum(s => s.Rows.Length));
    }
}
