using Concord.Datasets;
using System.Text.Json.Nodes;
using Concord.Activations;
using Concord.IO;
using Concord.Networks;
using Concord.Torch.Data;
using Concord.Torch.Models;
using Concord.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Activations;

/// <summary>
/// Captures named layers (METHOD.md §6) with <c>register_forward_hook</c> and streams them to
/// <c>OUT/&lt;tap&gt;.&lt;split&gt;.npy</c>, [n, d] with d = C·H·W (C-order flatten) or H·W for channel-mean taps, for the train
/// split then the test split in split order, in batches. Only one batch is ever held in memory. All files are committed
/// together at the end (temporary files otherwise), with <c>activations.json</c> describing them.
/// </summary>
public sealed class ActivationExtractor
{
    public const string ManifestFileName = "activations.json";
    private readonly ExtractionOptions _options;

    public ActivationExtractor(ExtractionOptions options)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException(string.Join("; ", errors));
        _options = options;
    }

    /// <summary>Extracts from a trained model file (BatchNorm in eval mode, the model's own input normalisation).</summary>
    public ExtractionResult ExtractTrained(string modelPath, MelCache cache, string outDir,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var info = TrainedModel.Read(modelPath);
        if (info.Model.Mels != cache.Mels || info.Model.Frames != cache.Frames)
            throw ConcordException.InFile(cache.MelPath, $"spectrograms are {cache.Mels}×{cache.Frames} but the model {modelPath} was trained on {info.Model.Mels}×{info.Model.Frames}");
        CheckTaps(info.Model);
        var (_, _) = cache.ScanAndTrainStatistics();   // refuses NaN/Inf before anything is written
        using var scope = NewDisposeScope();
        var net = info.Load();
        return Run(net, info.Model, info.Seed, trained: true, bnTrain: false, cache, info.InputMean, info.InputStd, outDir, progress, cancellationToken);
    }

    /// <summary>Extracts from an untrained model initialised by <c>torch.manual_seed(seed)</c>, exactly the initial
    /// weights of the trained run with the same seed. Input is z-scored with the cache's train statistics.</summary>
    public ExtractionResult ExtractUntrained(ModelOptions model, long seed, MelCache cache, string outDir,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        model = model with { Mels = cache.Mels, Frames = cache.Frames };
        var errors = model.Validate().ToList();
        if (errors.Count > 0) throw ConcordException.InFile(cache.MelPath, string.Join("; ", errors));
        CheckTaps(model);
        var (mean, std) = cache.ScanAndTrainStatistics();
        using var scope = NewDisposeScope();
        var net = ModelFactory.Create(model, seed);
        bool bnTrain = _options.UntrainedBatchNorm == UntrainedBatchNorm.TrainModeFixedBatches;
        return Run(net, model, seed, trained: false, bnTrain, cache, mean, std, outDir, progress, cancellationToken);
    }

    private static void CheckTaps(ModelOptions model)
    {
        if (model.Architecture == Architecture.FeedForward)
            throw new ConcordException("the FeedForward architecture has no convolutional taps to extract");
    }

    private ExtractionResult Run(nn.Module<Tensor, Tensor> net, ModelOptions model, long seed, bool trained, bool bnTrain, MelCache cache,
        double mean, double std, string outDir, IProgress<ExtractionProgress>? progress, CancellationToken ct)
    {
        var device = TorchRuntime.Resolve(_options.Device);
        if (_options.Threads is int threads) TorchRuntime.SetThreads(threads);
        net.to(device);
        net.train(bnTrain);
        var shapes = ModelShapes.Compute(model);
        Directory.CreateDirectory(outDir);
        var splits = new List<(DataSplit, int[])> { (DataSplit.Train, Sample(cache.Train)) };
        if (_options.IncludeTest) splits.Add((DataSplit.Test, Sample(cache.Test)));
        var writers = new Dictionary<(Tap, DataSplit), ActivationRowWriter>();
        var files = new List<TapFile>();
        try
        {
            foreach (var tap in _options.Taps)
            {
                var s = shapes.Of(tap);
                long width = _options.ChannelMean.Contains(tap) ? (long)s.Height * s.Width : s.Size;
                foreach (var (split, rows) in splits)
                {
                    string path = Path.Combine(outDir, $"{tap.ToName()}.{split.ToName()}.npy");
                    writers[(tap, split)] = new ActivationRowWriter(path, rows.Length, width, _options.Storage);
                    files.Add(new TapFile(tap, split, path, rows.Length, width));
                }
            }
            var currentSplit = DataSplit.Train;
            var modules = net.named_modules().ToDictionary(m => m.name, m => m.module);
            var removers = new List<Action>();
            string? nonFinite = null; // the first tap and value found non-finite by a hook, checked after each batch
            try
            {
                foreach (var tap in _options.Taps)
                {
                    string name = tap.ToString().ToLowerInvariant();
                    var module = modules.TryGetValue(name, out var m) && m is nn.Module<Tensor, Tensor> mm ? mm
                        : throw new InvalidOperationException($"model has no module '{name}'");
                    bool channelMean = _options.ChannelMean.Contains(tap);
                    var remover = module.register_forward_hook((_, _, output) =>
                    {
                        using var hookScope = NewDisposeScope();
                        var o = output.detach();
                        if (channelMean) o = o.mean([1]);
                        var data = o.reshape(o.shape[0], -1).to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
                        int bad = Array.FindIndex(data, v => !float.IsFinite(v));
                        if (bad >= 0) { nonFinite ??= $"{name} holds {data[bad]}"; return output; }
                        writers[(tap, currentSplit)].Write(data);
                        return output;
                    });
                    removers.Add(remover.remove);
                }
                int total = splits.Sum(sp => sp.Item2.Length), done = 0;
                var batches = new InputBatches(cache, mean, std, device);
                using var noGrad = no_grad();
                foreach (var (split, rows) in splits)
                {
                    currentSplit = split;
                    for (int b = 0; b < rows.Length; b += _options.BatchSize)
                    {
                        ct.ThrowIfCancellationRequested();
                        using var scope = NewDisposeScope();
                        var idx = rows.AsSpan(b, Math.Min(_options.BatchSize, rows.Length - b));
                        net.call(batches.Load(idx));
                        if (nonFinite is not null)
                            throw new ConcordException($"{(trained ? "trained" : "untrained")} {model.Architecture} (seed {seed}): activation {nonFinite} in the batch starting at {split.ToName()} row {b}; "
                                + "the model's weights or the inputs are damaged (nothing was written)");
                        done += idx.Length;
                        progress?.Report(new ExtractionProgress(done, total));
                    }
                }
            }
            finally { foreach (var r in removers) r(); }
            foreach (var w in writers.Values) w.Commit();
            string manifest = Path.Combine(outDir, ManifestFileName);
            var j = new JsonObject
            {
                ["model"] = ModelOptionsJson.ToJson(model),
                ["seed"] = seed,
                ["trained"] = trained,
                ["batchNormTrainMode"] = bnTrain,
                ["batchSize"] = _options.BatchSize,
                ["maxRows"] = _options.MaxRows,
                ["storage"] = _options.Storage.ToString(),
                ["inputMean"] = mean,
                ["inputStd"] = std,
                ["files"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject
                {
                    ["tap"] = f.Tap.ToName(), ["split"] = f.Split.ToName(), ["file"] = Path.GetFileName(f.Path),
                    ["rows"] = f.Rows, ["width"] = f.Width, ["channelMean"] = _options.ChannelMean.Contains(f.Tap),
                    ["shape"] = shapes.Of(f.Tap).ToString(),
                }).ToArray()),
                ["concord"] = BuildInfo.Version,
            };
            AtomicFile.WriteAllText(manifest, j.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            return new ExtractionResult(model, seed, trained, bnTrain, files, manifest);
        }
        finally { foreach (var w in writers.Values) w.Dispose(); }
    }

    /// <summary>The split's rows, or an even sample of <see cref="ExtractionOptions.MaxRows"/> of them.</summary>
    private int[] Sample(int[] rows) => _options.MaxRows is int max ? Concord.Numerics.EvenSample.Of(rows, max) : rows;
}
