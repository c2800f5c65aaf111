using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Concord.IO;
using Concord.Torch.Data;
using Concord.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Training;

/// <summary>
/// Trains one model on one task of a prepared cache (METHOD.md §5) and writes, into the output folder:
/// <c>model.bin</c> (final weights and everything needed to rebuild the model), <c>metrics.json</c>/<c>metrics.csv</c>
/// (per-epoch train/test loss and accuracy or RMSE), and <c>checkpoint.bin</c> after every epoch. A rerun with the same
/// arguments resumes from the checkpoint and ends bit-identical to an uninterrupted run (weights, BatchNorm buffers,
/// momentum buffers, torch RNG state and the epoch number are saved; the shuffle order of epoch e depends only on
/// (seed, e)).
/// </summary>
public sealed class Trainer
{
    public const string ModelFileName = "model.bin";
    public const string CheckpointFileName = "checkpoint.bin";
    public const string MetricsFileName = "metrics.json";

    private readonly TrainingOptions _options;

    public Trainer(TrainingOptions options)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException(string.Join("; ", errors));
        _options = options;
    }

    /// <summary>
    /// Trains <paramref name="model"/> (its Mels/Frames/Classes/Head are taken from the cache and task) with
    /// <c>torch.manual_seed(seed)</c> initialisation on <paramref name="task"/>, writing into <paramref name="outDir"/>.
    /// </summary>
    public TrainingResult Train(MelCache cache, string task, ModelOptions model, long seed, string outDir,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var device = TorchRuntime.Resolve(_options.Device);
        if (_options.Threads is int threads) TorchRuntime.SetThreads(threads);
        var taskInfo = cache.Task(task);
        var labels = TrainingLabels.Load(cache, taskInfo);
        model = ResolveModel(cache, model, taskInfo, labels);
        var (mean, std) = cache.ScanAndTrainStatistics();
        if (cache.Test.Length == 0) throw ConcordException.InFile(Concord.Datasets.CacheLayout.TestSplit(cache.Directory), "the test split is empty");

        Directory.CreateDirectory(outDir);
        string checkpointPath = Path.Combine(outDir, CheckpointFileName);
        var runMeta = RunMeta(model, task, seed, mean, std, labels);

        using var scopeAll = NewDisposeScope();
        var net = ModelFactory.Create(model, seed);
        net.to(device);
        using var sgd = new SgdMomentum(net.parameters(), _options.LearningRate, _options.Momentum);
        var history = new List<EpochMetrics>();
        int start = 0;
        if (_options.Checkpoints && File.Exists(checkpointPath))
            start = Resume(checkpointPath, runMeta, net, sgd, device, history);

        var batches = new InputBatches(cache, mean, std, device);
        for (int epoch = start + 1; epoch <= _options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var epochClock = Stopwatch.StartNew();
            int[] order = _options.Shuffle ? Permutation(cache.Train, seed, epoch) : cache.Train;
            var (trainLoss, trainMetric) = RunEpoch(net, sgd, batches, order, labels, train: true, epoch, progress, cancellationToken);
            if (FirstNonFinite(net) is { } bad) throw new TrainingDivergedException(epoch, 0, $"weight '{bad}' is not finite");
            var (testLoss, testMetric) = RunEpoch(net, null, batches, cache.Test, labels, train: false, epoch, null, cancellationToken);
            var m = new EpochMetrics(epoch, trainLoss, trainMetric, testLoss, testMetric, epochClock.Elapsed.TotalSeconds);
            history.Add(m);
            if (_options.Checkpoints) WriteState(checkpointPath, runMeta, net, sgd, history, epoch);
            progress?.Report(new TrainingProgress(epoch, _options.Epochs, 0, 0, trainLoss, 0, m));
        }

        string modelPath = Path.Combine(outDir, ModelFileName);
        WriteState(modelPath, runMeta, net, null, history, history[^1].Epoch);
        WriteMetrics(outDir, runMeta, history);
        return new TrainingResult(model, task, seed, history, modelPath, ModelFactory.ParameterCount(net), start, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Opens <paramref name="cacheDir"/> and trains (see the other overload).</summary>
    public TrainingResult Train(string cacheDir, string task, ModelOptions model, long seed, string outDir,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var cache = new MelCache(cacheDir);
        return Train(cache, task, model, seed, outDir, progress, cancellationToken);
    }

    internal static ModelOptions ResolveModel(MelCache cache, ModelOptions model, CacheTask task, TrainingLabels labels)
    {
        model = model with
        {
            Mels = cache.Mels,
            Frames = cache.Frames,
            Head = labels.IsRegression ? ModelHead.Regression : ModelHead.Classification,
            Classes = labels.IsRegression ? model.Classes : labels.ClassCount,
        };
        var errors = model.Validate().ToList();
        if (errors.Count > 0) throw ConcordException.InFile(cache.MelPath, string.Join("; ", errors));
        return model;
    }

    private (double Loss, double Metric) RunEpoch(nn.Module<Tensor, Tensor> net, SgdMomentum? sgd, InputBatches batches, int[] order,
        TrainingLabels labels, bool train, int epoch, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        net.train(train);
        int bs = _options.BatchSize;
        int nBatches = checked((int)(((long)order.Length + bs - 1) / bs)); // long: a huge batch size must not wrap to 0 batches
        double lossSum = 0, metricSum = 0;
        var clock = Stopwatch.StartNew();
        using var grad = train ? null : no_grad();
        for (int b = 0; b < nBatches; b++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            int first = checked(b * bs);
            var idx = order.AsSpan(first, Math.Min(bs, order.Length - first));
            var x = batches.Load(idx);
            var output = net.call(x);
            var (loss, metric) = labels.LossAndMetric(output, idx, x.device);
            if (sgd is not null)
            {
                sgd.ZeroGrad();
                loss.backward();
                sgd.Step();
            }
            double batchLoss = loss.detach().cpu().to_type(ScalarType.Float64).item<double>();
            if (!double.IsFinite(batchLoss))
                throw new TrainingDivergedException(epoch, b + 1, $"the {(train ? "training" : "test")} loss is {batchLoss.ToString(CultureInfo.InvariantCulture)}");
            lossSum += batchLoss * idx.Length;
            metricSum += metric;
            if (progress is not null)
            {
                int seen = (int)Math.Min(order.Length, (long)(b + 1) * bs);
                progress.Report(new TrainingProgress(epoch, _options.Epochs, b + 1, nBatches, lossSum / seen, seen / clock.Elapsed.TotalSeconds, null));
            }
        }
        return (lossSum / order.Length, labels.Finish(metricSum, order.Length));
    }

    /// <summary>The name of the first parameter or buffer of <paramref name="net"/> holding a NaN or infinity, or null.</summary>
    internal static string? FirstNonFinite(nn.Module<Tensor, Tensor> net)
    {
        using var scope = NewDisposeScope();
        foreach (var (name, t) in net.state_dict())
            if (t.is_floating_point() && !isfinite(t).all().item<bool>()) return name;
        return null;
    }

    /// <summary>A permutation of <paramref name="items"/> for epoch <paramref name="epoch"/>: Fisher–Yates driven by
    /// SplitMix64 seeded with (seed, epoch), so it needs no saved state to resume.</summary>
    internal static int[] Permutation(int[] items, long seed, int epoch)
    {
        var r = (int[])items.Clone();
        ulong state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)epoch * 0xD1B54A32D192ED03UL + 0x632BE59BD9B4E019UL);
        for (int i = r.Length - 1; i > 0; i--)
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            int j = (int)(z % (ulong)(i + 1));
            (r[i], r[j]) = (r[j], r[i]);
        }
        return r;
    }

    private JsonObject RunMeta(ModelOptions model, string task, long seed, double mean, double std, TrainingLabels labels) => new()
    {
        ["kind"] = "concord-torch-model",
        ["model"] = ModelOptionsJson.ToJson(model),
        ["task"] = task,
        ["seed"] = seed,
        ["inputMean"] = mean,
        ["inputStd"] = std,
        ["targetMean"] = labels.TargetMean,
        ["targetStd"] = labels.TargetStd,
        ["training"] = new JsonObject
        {
            ["batchSize"] = _options.BatchSize,
            ["learningRate"] = _options.LearningRate,
            ["momentum"] = _options.Momentum,
            ["shuffle"] = _options.Shuffle,
        },
        ["concord"] = BuildInfo.Version,
    };

    private static void WriteState(string path, JsonObject runMeta, nn.Module<Tensor, Tensor> net, SgdMomentum? sgd, List<EpochMetrics> history, int epoch)
    {
        var meta = (JsonObject)runMeta.DeepClone();
        meta["epoch"] = epoch;
        meta["history"] = MetricsJson(history);
        var tensors = net.state_dict().Select(kv => ("model/" + kv.Key, kv.Value)).ToList();
        // libtorch's process-wide generator is not saved: training never draws from it (the batch order comes from
        // Permutation(seed, epoch)), and restoring it on resume would disturb another task seeding a model meanwhile.
        if (sgd is not null) tensors.AddRange(sgd.State());
        TensorArchive.Write(path, meta, tensors);
    }

    private int Resume(string path, JsonObject runMeta, nn.Module<Tensor, Tensor> net, SgdMomentum sgd, Device device, List<EpochMetrics> history)
    {
        var meta = TensorArchive.ReadMeta(path);
        string Field(JsonObject o, string key) => o[key]?.ToJsonString() ?? "null";
        var want = (JsonObject)runMeta["model"]!;
        var have = meta["model"] as JsonObject ?? throw ConcordException.InFile(path, "checkpoint has no model description", "model");
        if (Field(have, "architecture") != Field(want, "architecture"))
            throw ConcordException.InFile(path, $"checkpoint is for architecture {have["architecture"]}, not {want["architecture"]}; use another --out folder", "model.architecture");
        foreach (var key in new[] { "task", "seed", "inputMean", "inputStd", "training" })
            if (Field(meta, key) != Field(runMeta, key))
                throw ConcordException.InFile(path, $"checkpoint was written with a different {key} ({Field(meta, key)} vs {Field(runMeta, key)}); use another --out folder", key);
        if (have.ToJsonString() != want.ToJsonString())
            throw ConcordException.InFile(path, "checkpoint was written with different model options; use another --out folder", "model");
        int epoch = meta["epoch"]!.GetValue<int>();
        if (epoch > _options.Epochs)
            throw ConcordException.InFile(path, $"checkpoint is at epoch {epoch}, past the requested {_options.Epochs} epochs; use another --out folder or more epochs", "epoch");
        var (_, tensors) = TensorArchive.Read(path);
        try
        {
            var state = net.state_dict();
            using (no_grad())
                foreach (var (name, t) in state)
                {
                    if (!tensors.TryGetValue("model/" + name, out var saved) || !saved.shape.SequenceEqual(t.shape))
                        throw ConcordException.InFile(path, $"checkpoint lacks or mis-shapes '{name}'");
                    t.copy_(saved);
                }
            sgd.Load(tensors, device);
        }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
        history.AddRange(ParseHistory(meta["history"] as JsonArray));
        return epoch;
    }

    private static JsonArray MetricsJson(IEnumerable<EpochMetrics> history) => new(history.Select(m => (JsonNode)new JsonObject
    {
        ["epoch"] = m.Epoch, ["trainLoss"] = m.TrainLoss, ["trainMetric"] = m.TrainMetric,
        ["testLoss"] = m.TestLoss, ["testMetric"] = m.TestMetric, ["seconds"] = m.Seconds,
    }).ToArray());

    private static IEnumerable<EpochMetrics> ParseHistory(JsonArray? a) => a is null ? [] : a.Select(e => new EpochMetrics(
        e!["epoch"]!.GetValue<int>(), e["trainLoss"]!.GetValue<double>(), e["trainMetric"]!.GetValue<double>(),
        e["testLoss"]!.GetValue<double>(), e["testMetric"]!.GetValue<double>(), e["seconds"]!.GetValue<double>()));

    private static void WriteMetrics(string outDir, JsonObject runMeta, List<EpochMetrics> history)
    {
        var j = (JsonObject)runMeta.DeepClone();
        j["metric"] = j["model"]!["head"]!.GetValue<string>() == nameof(ModelHead.Regression) ? "rmse" : "accuracy";
        j["epochs"] = MetricsJson(history);
        AtomicFile.WriteAllText(Path.Combine(outDir, MetricsFileName), j.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var csv = new StringBuilder("epoch,train_loss,train_metric,test_loss,test_metric,seconds\n");
        foreach (var m in history)
            csv.Append(CultureInfo.InvariantCulture, $"{m.Epoch},{m.TrainLoss:R},{m.TrainMetric:R},{m.TestLoss:R},{m.TestMetric:R},{m.Seconds:F3}\n");
        AtomicFile.WriteAllText(Path.Combine(outDir, "metrics.csv"), csv.ToString());
    }
}
