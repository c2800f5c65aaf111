using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Concord.Activations;
using Concord.IO;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Concord.Onnx;

/// <summary>
/// Streams the selected tensors of an imported ONNX network to <c>OUT/&lt;layer&gt;.&lt;split&gt;.npy</c>, [n, d] with
/// d = the C-order flatten of one example's tensor, or of its mean over the channel dimension (dimension 1) for
/// channel-mean layers; the same files, storage and <c>activations.json</c> manifest as the built-in networks'
/// extraction. Only one batch is held in memory; every file is committed together at the end.
/// </summary>
public sealed class OnnxActivationExtractor
{
    public const string ManifestFileName = "activations.json";
    private readonly OnnxExtractionOptions _options;

    public OnnxActivationExtractor(OnnxExtractionOptions options)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException(string.Join("; ", errors));
        _options = options;
    }

    /// <summary>Extracts <paramref name="source"/>'s splits through <paramref name="modelPath"/> into <paramref name="outDir"/>.</summary>
    public OnnxExtractionResult Extract(string modelPath, SpectrogramSource source, string outDir,
        IProgress<OnnxExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var model = OnnxModel.Load(modelPath);
        var layers = model.Resolve(_options.Layers);
        var channelMean = ResolveChannelMean(model, layers);
        using var reader = new NpyReader(source.Path);
        var shape = reader.Header.Shape;
        if (shape.Length != 3) throw ConcordException.InFile(source.Path, $"expected spectrograms [N, H, W], found shape ({string.Join(",", shape)})");
        var adapter = new InputAdapter(model, checked((int)shape[1]), checked((int)shape[2]), source.IsPower, _options.Input, source.Path);
        var splits = source.Splits.Select(s => (s.Name, Rows: _options.MaxRows is int max ? EvenSample(s.Rows, max) : s.Rows)).ToList();
        using var session = model.CreateSession(layers, _options.Threads ?? 1);
        Directory.CreateDirectory(outDir);
        var stems = FileStems(layers);
        var writers = new Dictionary<(string, string), ActivationRowWriter>();
        var files = new List<LayerFile>();
        try
        {
            int batch = adapter.FixedBatch ?? _options.BatchSize;
            int exampleLength = adapter.Height * adapter.Width;
            var input = new float[batch * exampleLength];
            long[] inputShape = [batch, .. adapter.Shape];
            var outputNames = layers.Select(l => l.Name).ToArray();
            int total = splits.Sum(s => s.Rows.Length), done = 0;
            using var runOptions = new RunOptions();
            foreach (var (split, rows) in splits)
            {
                for (int b = 0; b < rows.Length; b += batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int n = Math.Min(batch, rows.Length - b);
                    Array.Clear(input);
                    for (int r = 0; r < n; r++)
                    {
                        var row = input.AsSpan(r * exampleLength, exampleLength);
                        reader.ReadRows(rows[b + r], 1, row);
                        CheckFinite(source.Path, rows[b + r], row);
                        adapter.Adapt(row);
                    }
                    using var value = OrtValue.CreateTensorValueFromMemory(input, inputShape);
                    using var outputs = session.Run(runOptions, [model.InputName], [value], outputNames);
                    for (int k = 0; k < layers.Count; k++)
                    {
                        var layer = layers[k];
                        var info = outputs[k].GetTensorTypeAndShape();
                        if (info.ElementDataType != TensorElementType.Float)
                            throw ConcordException.InFile(model.Path, $"tensor '{layer.Name}' holds {info.ElementDataType}, not float activations", "layers");
                        var dims = info.Shape;
                        if (dims.Length < 2 || dims[0] != batch)
                            throw ConcordException.InFile(model.Path, $"tensor '{layer.Name}' has shape [{string.Join(", ", dims)}], whose first dimension is not the batch of {batch}", "layers");
                        // auto: every tensor with a channel dimension ([batch, C, …]); a [batch, d] tensor is kept whole.
                        bool mean = channelMean.Contains(layer.Name) && (dims.Length >= 3 || !_options.ChannelMean.Contains(OnnxExtractionOptions.Auto));
                        if (mean && dims.Length < 3)
                            throw ConcordException.InFile(model.Path, $"tensor '{layer.Name}' has shape [{string.Join(", ", dims)}]: a channel mean needs [batch, channels, …]", "channelMean");
                        long[] example = dims[1..];
                        long width = mean ? Product(example[1..]) : Product(example);
                        if (!writers.TryGetValue((layer.Name, split), out var writer))
                        {
                            string path = Path.Combine(outDir, $"{stems[layer.Name]}.{split}.npy");
                            writer = new ActivationRowWriter(path, rows.Length, width, _options.Storage);
                            writers[(layer.Name, split)] = writer;
                            files.Add(new LayerFile(layer.Name, layer.OpType, split, path, rows.Length, width, example, mean));
                        }
                        else if (files.First(f => f.Layer == layer.Name && f.Split == split).Width != width)
                            throw ConcordException.InFile(model.Path, $"tensor '{layer.Name}' changed shape between batches ([{string.Join(", ", dims)}])", "layers");
                        var data = outputs[k].GetTensorDataAsSpan<float>();
                        long perExample = Product(example);
                        var rowsOut = data[..checked((int)(n * perExample))];
                        writer.Write(mean ? ChannelMean(rowsOut, n, checked((int)example[0]), checked((int)width)) : rowsOut);
                    }
                    done += n;
                    progress?.Report(new OnnxExtractionProgress(done, total));
                }
            }
            foreach (var w in writers.Values) w.Commit();
            string manifest = Path.Combine(outDir, ManifestFileName);
            AtomicFile.WriteAllText(manifest, Manifest(model, files).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return new OnnxExtractionResult(model.Path, files, manifest);
        }
        finally { foreach (var w in writers.Values) w.Dispose(); }
    }

    private HashSet<string> ResolveChannelMean(OnnxModel model, IReadOnlyList<OnnxTensor> layers)
    {
        if (_options.ChannelMean.Contains(OnnxExtractionOptions.Auto)) return layers.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var selected = layers.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in _options.ChannelMean)
            if (!selected.Contains(name))
                throw ConcordException.InFile(model.Path, $"channel-mean layer '{name}' is not among the selected layers", "channelMean");
        return _options.ChannelMean.ToHashSet(StringComparer.Ordinal);
    }

    private static void CheckFinite(string path, long row, ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v)) throw ConcordException.InFile(path, $"row {row}: the spectrogram contains {(float.IsNaN(v) ? "NaN" : "an infinite value")}");
    }

    /// <summary>Mean over dimension 1 of n examples [C, rest] → [n, rest], accumulated in float64.</summary>
    private static float[] ChannelMean(ReadOnlySpan<float> data, int n, int channels, int rest)
    {
        var result = new float[n * rest];
        var acc = new double[rest];
        for (int e = 0; e < n; e++)
        {
            Array.Clear(acc);
            for (int c = 0; c < channels; c++)
            {
                var src = data.Slice((e * channels + c) * rest, rest);
                for (int i = 0; i < rest; i++) acc[i] += src[i];
            }
            for (int i = 0; i < rest; i++) result[e * rest + i] = (float)(acc[i] / channels);
        }
        return result;
    }

    private static long Product(ReadOnlySpan<long> dims)
    {
        long p = 1;
        foreach (long d in dims) p *= d;
        return p;
    }

    private static long[] EvenSample(long[] rows, int max)
    {
        var picked = Concord.Numerics.EvenSample.Of(rows.Select(r => checked((int)r)).ToArray(), max);
        return picked.Select(r => (long)r).ToArray();
    }

    /// <summary>File stems from tensor names: characters other than letters, digits, '-' and '_' become '_', leading
    /// and trailing '_' are dropped; a clash gets a numeric suffix.</summary>
    public static Dictionary<string, string> FileStems(IReadOnlyList<OnnxTensor> layers)
    {
        var stems = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var layer in layers)
        {
            var sb = new StringBuilder();
            foreach (char ch in layer.Name) sb.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_');
            string stem = sb.ToString().Trim('_');
            if (stem.Length == 0) stem = "tensor";
            string unique = stem;
            for (int i = 2; !used.Add(unique); i++) unique = $"{stem}_{i}";
            stems[layer.Name] = unique;
        }
        return stems;
    }

    private JsonObject Manifest(OnnxModel model, IReadOnlyList<LayerFile> files) => new()
    {
        ["onnx"] = Path.GetFullPath(model.Path),
        ["onnxSha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model.Path))),
        ["input"] = new JsonObject
        {
            ["name"] = model.InputName,
            ["layout"] = _options.Input.Layout.ToString().ToLowerInvariant(),
            ["scale"] = _options.Input.Scale.ToString().ToLowerInvariant(),
            ["normalization"] = _options.Input.Normalization.ToString(),
            ["mean"] = _options.Input.Mean,
            ["sd"] = _options.Input.Sd,
        },
        ["batchSize"] = _options.BatchSize,
        ["maxRows"] = _options.MaxRows,
        ["storage"] = _options.Storage.ToString(),
        ["files"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject
        {
            ["layer"] = f.Layer, ["op"] = f.OpType, ["split"] = f.Split, ["file"] = Path.GetFileName(f.Path),
            ["rows"] = f.Rows, ["width"] = f.Width, ["channelMean"] = f.ChannelMean,
            ["shape"] = string.Join("×", f.Shape),
        }).ToArray()),
        ["onnxRuntime"] = typeof(InferenceSession).Assembly.GetName().Version?.ToString(),
        ["concord"] = BuildInfo.Version,
    };
}
