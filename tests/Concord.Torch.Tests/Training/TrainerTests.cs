using Concord.Networks;
using Concord.Tests.Infrastructure;
using Concord.Torch.Data;
using Concord.Torch.Models;
using Concord.Torch.Training;
using static TorchSharp.torch;

namespace Concord.Torch.Tests.Training;

public sealed class TrainerTests
{
    private static readonly TrainingOptions Fast = new() { Epochs = 3, BatchSize = 16, Threads = 1 };

    private static Dictionary<string, float[]> Weights(string modelPath)
    {
        var (_, tensors) = TensorArchive.Read(modelPath);
        var r = tensors.Where(kv => kv.Value.dtype == ScalarType.Float32).ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());
        foreach (var t in tensors.Values) t.Dispose();
        return r;
    }

    [Fact]
    public void LearnsTheTinyTaskBeatsMajorityAndIsDeterministic()
    {
        using var dir = new TempDir();
        string cache = TinyCache.Write(dir.File("cache"));
        var trainer = new Trainer(Fast);
        var a = trainer.Train(cache, "family", new ModelOptions(), 1, dir.File("a"));
        var b = trainer.Train(cache, "family", new ModelOptions(), 1, dir.File("b"));
        Assert.Equal(3, a.Epochs.Count);
        Assert.True(a.Final.TrainLoss < a.Epochs[0].TrainLoss, $"loss {a.Epochs[0].TrainLoss} → {a.Final.TrainLoss}");
        Assert.True(a.Final.TestMetric > 1.0 / 3 + 0.1, $"test accuracy {a.Final.TestMetric} vs majority 1/3");
        var wa = Weights(a.ModelPath);
        var wb = Weights(b.ModelPath);
        Assert.Equal(wa.Keys.Order(), wb.Keys.Order());
        foreach (var k in wa.Keys) Assert.Equal(wa[k], wb[k]);
        Assert.True(File.Exists(Path.Combine(dir.File("a"), Trainer.MetricsFileName)));
    }

    [Fact]
    public void KillAndResumeEndsBitIdentical()
    {
        using var dir = new TempDir();
        string cache = TinyCache.Write(dir.File("cache"), n: 64);
        var options = Fast with { Epochs = 3 };
        var full = new Trainer(options).Train(cache, "family", new ModelOptions { Architecture = Architecture.Deformable }, 10, dir.File("full"));

        // Interrupt during epoch 2 (after the epoch-1 checkpoint), then rerun.
        using var cts = new CancellationTokenSource();
        var stop = new Progress2(p => { if (p.Epoch == 2 && p.Batch == 2) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new Trainer(options).Train(cache, "family", new ModelOptions { Architecture = Architecture.Deformable }, 10, dir.File("killed"), stop, cts.Token));
        Assert.False(File.Exists(Path.Combine(dir.File("killed"), Trainer.ModelFileName)));
        var resumed = new Trainer(options).Train(cache, "family", new ModelOptions { Architecture = Architecture.Deformable }, 10, dir.File("killed"));
        Assert.Equal(1, resumed.ResumedFromEpoch);
        var wf = Weights(full.ModelPath);
        var wr = Weights(resumed.ModelPath);
        foreach (var k in wf.Keys) Assert.Equal(wf[k], wr[k]);
        Assert.Equal(full.Final.TestLoss, resumed.Final.TestLoss);
    }

    [Fact]
    public void PaperProfileDoubleSoftmaxAndRegressionHead()
    {
        using var dir = new TempDir();
        string cache = TinyCache.Write(dir.File("cache"), n: 64);
        var paper = new Trainer(Fast.AsPaper() with { Epochs = 2 }).Train(cache, "family", new ModelOptions().AsPaper(), 1, dir.File("p"));
        // Cross-entropy over softmax probabilities is bounded below by log(e + K − 1) − 1 (K = 3): ≈ 0.551.
        Assert.All(paper.Epochs, e => Assert.True(e.TrainLoss > Math.Log(Math.E + 2) - 1 - 1e-6));
        var reg = new Trainer(Fast with { Epochs = 2 }).Train(cache, "pitch", new ModelOptions(), 1, dir.File("r"));
        Assert.Equal(ModelHead.Regression, reg.Model.Head);
        Assert.True(double.IsFinite(reg.Final.TestMetric) && reg.Final.TestMetric > 0);
        Assert.Equal(ModelFactory.ParameterCount(new ModelOptions { Mels = 64, Frames = 64, Head = ModelHead.Regression }), reg.ParameterCount);
    }

    [Fact]
    public void BadInputsAreClearErrorsWithoutArtefacts()
    {
        using var dir = new TempDir();
        string cache = TinyCache.Write(dir.File("cache"), n: 32);
        var trainer = new Trainer(Fast with { Epochs = 1 });

        var e1 = Assert.Throws<ConcordException>(() => trainer.Train(cache, "instrument", new ModelOptions(), 1, dir.File("o1")));
        Assert.Contains("task 'instrument' not found", e1.Message);

        string narrow = TinyCache.Write(dir.File("narrow"), n: 32, frames: 20);
        var e2 = Assert.Throws<ConcordException>(() => trainer.Train(narrow, "family", new ModelOptions(), 1, dir.File("o2")));
        Assert.Contains("too small", e2.Message);

        string nan = TinyCache.Write(dir.File("nan"), n: 32, tamper: m => m[5 * 64 * 64 + 7] = float.NaN);
        var e3 = Assert.Throws<ConcordException>(() => trainer.Train(nan, "family", new ModelOptions(), 1, dir.File("o3")));
        Assert.Contains("row 5", e3.Message);
        Assert.Contains("NaN", e3.Message);

        if (!TorchRuntime.CudaAvailable)
        {
            var e4 = Assert.Throws<ConcordException>(() => new Trainer(Fast with { Device = TorchDevice.Cuda }).Train(cache, "family", new ModelOptions(), 1, dir.File("o4")));
            Assert.Contains("CUDA is not available", e4.Message);
        }

        trainer.Train(cache, "family", new ModelOptions(), 1, dir.File("o5"));
        File.Delete(Path.Combine(dir.File("o5"), Trainer.ModelFileName));
        var e5 = Assert.Throws<ConcordException>(() => new Trainer(Fast with { Epochs = 2 }).Train(cache, "family", new ModelOptions { Architecture = Architecture.Dilated }, 1, dir.File("o5")));
        Assert.Contains("architecture", e5.Message);

        // A checkpoint beyond the requested epochs is refused rather than silently reported as the final epoch.
        new Trainer(Fast with { Epochs = 2 }).Train(cache, "family", new ModelOptions(), 1, dir.File("o6"));
        var e6 = Assert.Throws<ConcordException>(() => trainer.Train(cache, "family", new ModelOptions(), 1, dir.File("o6")));
        Assert.Contains("past the requested 1 epochs", e6.Message);
        foreach (var o in new[] { "o1", "o2", "o3", "o4" })
            Assert.True(!Directory.Exists(dir.File(o)) || Directory.GetFiles(dir.File(o)).Length == 0, o);
        Assert.False(File.Exists(Path.Combine(dir.File("o5"), Trainer.ModelFileName)));
    }

    [Fact]
    public void PermutationIsSeededPerEpoch()
    {
        int[] items = Enumerable.Range(0, 50).ToArray();
        Assert.Equal(Trainer.Permutation(items, 3, 2), Trainer.Permutation(items, 3, 2));
        Assert.NotEqual(Trainer.Permutation(items, 3, 2), Trainer.Permutation(items, 3, 3));
        Assert.Equal(items, Trainer.Permutation(items, 3, 2).Order());
    }

    private sealed class Progress2(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
