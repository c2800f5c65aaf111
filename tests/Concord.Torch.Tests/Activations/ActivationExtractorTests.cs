using Concord.Networks;
using Concord.Datasets;
using Concord.IO;
using Concord.Tests.Infrastructure;
using Concord.Activations;
using Concord.Torch.Activations;
using Concord.Torch.Data;
using Concord.Torch.Models;
using Concord.Torch.Training;
using static TorchSharp.torch;

namespace Concord.Torch.Tests.Activations;

public sealed class ActivationExtractorTests
{
    [Fact]
    public void TrainedExtractionWritesEveryTapWithMethodShapes()
    {
        using var dir = new TempDir();
        using var cache = new MelCache(TinyCache.Write(dir.File("cache"), n: 40));
        var trained = new Trainer(new TrainingOptions { Epochs = 1, BatchSize = 16 }).Train(cache, "family", new ModelOptions(), 1, dir.File("model"));
        var result = new ActivationExtractor(new ExtractionOptions { BatchSize = 16 }).ExtractTrained(trained.ModelPath, cache, dir.File("act"));
        var shapes = ModelShapes.Compute(trained.Model);
        Assert.Equal(10, result.Files.Count);
        foreach (var f in result.Files)
        {
            var h = Npy.ReadHeader(f.Path);
            var s = shapes.Of(f.Tap);
            long width = f.Tap is Tap.Conv1 or Tap.Pool1 ? (long)s.Height * s.Width : s.Size;
            Assert.Equal(new[] { f.Split == DataSplit.Train ? (long)cache.Train.Length : cache.Test.Length, width }, h.Shape);
            Assert.Equal(NpyDType.Float32, h.DType);
        }
        Assert.True(File.Exists(result.ManifestPath));

        // conv1 channel mean of the first train example equals mean_c(conv1(z-scored x)) computed directly.
        var info = TrainedModel.Read(trained.ModelPath);
        using var scope = NewDisposeScope();
        using var net = info.Load();
        net.eval();
        var x = new float[cache.ExampleLength];
        cache.ReadExamples([cache.Train[0]], x);
        var input = (tensor(x, new long[] { 1, 1, cache.Mels, cache.Frames }) - info.InputMean) / info.InputStd;
        var conv1 = (TorchSharp.Modules.Convolution)net.named_modules().First(m => m.name == "conv1").module;
        Tensor expected;
        // libtorch's own convolution with the layer's parameters, not the layer's kernel.
        using (no_grad()) expected = nn.functional.conv2d(input.to_type(ScalarType.Float32), conv1.weight!, conv1.bias).mean([1]).reshape(-1);
        var written = Npy.Read<float>(result.Files.First(f => f.Tap == Tap.Conv1 && f.Split == DataSplit.Train).Path);
        NumAssert.AllClose(expected.data<float>().ToArray(), written.Data.AsSpan(0, (int)written.RowLength), 1e-5, 1e-5, "conv1 mean");
    }

    [Fact]
    public void UntrainedBatchNormModesAndFloat16()
    {
        using var dir = new TempDir();
        using var cache = new MelCache(TinyCache.Write(dir.File("cache"), n: 40));
        var opts = new ExtractionOptions { Taps = [Tap.Conv1, Tap.Pool1], BatchSize = 16 };
        var eval = new ActivationExtractor(opts).ExtractUntrained(new ModelOptions(), 17, cache, dir.File("eval"));
        var paper = new ActivationExtractor(opts.AsPaper()).ExtractUntrained(new ModelOptions(), 17, cache, dir.File("paper"));
        var half = new ActivationExtractor(opts with { Storage = ActivationStorage.Float16 }).ExtractUntrained(new ModelOptions(), 17, cache, dir.File("half"));
        Assert.True(paper.BatchNormTrainMode);
        Assert.False(eval.BatchNormTrainMode);
        float[] Read(ExtractionResult r, Tap t) => Npy.Read<float>(r.Files.First(f => f.Tap == t && f.Split == DataSplit.Train).Path).Data;
        // conv1 is before BN: identical in both modes (same seed → same initial weights); pool1 differs.
        Assert.Equal(Read(eval, Tap.Conv1), Read(paper, Tap.Conv1));
        Assert.NotEqual(Read(eval, Tap.Pool1), Read(paper, Tap.Pool1));
        Assert.Equal(NpyDType.Float16, Npy.ReadHeader(half.Files[0].Path).DType);
        NumAssert.AllClose(Read(eval, Tap.Conv1), Read(half, Tap.Conv1), 2e-3, 2e-3, "float16");
        // Another seed gives other weights.
        var other = new ActivationExtractor(opts).ExtractUntrained(new ModelOptions(), 25, cache, dir.File("other"));
        Assert.NotEqual(Read(eval, Tap.Conv1), Read(other, Tap.Conv1));
    }

    [Fact]
    public void RowSampleWithoutChannelMeanKeepsEveryChannelOfTheSampledRows()
    {
        using var dir = new TempDir();
        using var cache = new MelCache(TinyCache.Write(dir.File("cache"), n: 40));   // 30 train rows
        var opts = new ExtractionOptions { Taps = [Tap.Conv1, Tap.Pool1], BatchSize = 16 };
        var full = new ActivationExtractor(opts with { ChannelMean = new HashSet<Tap>() }).ExtractUntrained(new ModelOptions(), 3, cache, dir.File("full"));
        var sample = new ActivationExtractor(opts with { ChannelMean = new HashSet<Tap>(), MaxRows = 7, IncludeTest = false })
            .ExtractUntrained(new ModelOptions(), 3, cache, dir.File("sample"));
        Assert.All(sample.Files, f => Assert.Equal(DataSplit.Train, f.Split));
        var shape = ModelShapes.Compute(new ModelOptions { Mels = cache.Mels, Frames = cache.Frames }).Conv1;
        var all = Npy.Read<float>(full.Files.Single(f => f.Tap == Tap.Conv1 && f.Split == DataSplit.Train).Path);
        var some = Npy.Read<float>(sample.Files.Single(f => f.Tap == Tap.Conv1).Path);
        Assert.Equal(new[] { 7L, shape.Size }, some.Shape);
        // Row i of the sample is train row ⌊i·30/7⌋ of the full extraction.
        var rows = Concord.Numerics.EvenSample.Positions(cache.Train.Length, 7);
        Assert.Equal([0, 4, 8, 12, 17, 21, 25], rows);
        for (int i = 0; i < rows.Length; i++)
            Assert.Equal(all.Data.AsSpan(rows[i] * (int)shape.Size, (int)shape.Size).ToArray(), some.Data.AsSpan(i * (int)shape.Size, (int)shape.Size).ToArray());
    }

    [Fact]
    public void NaNInputLeavesNoArtefact()
    {
        using var dir = new TempDir();
        using var cache = new MelCache(TinyCache.Write(dir.File("cache"), n: 16, tamper: m => m[^1] = float.PositiveInfinity));
        var ex = Assert.Throws<ConcordException>(() => new ActivationExtractor(new ExtractionOptions()).ExtractUntrained(new ModelOptions(), 1, cache, dir.File("out")));
        Assert.Contains("row 15", ex.Message);
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
