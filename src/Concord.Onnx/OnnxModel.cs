using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Concord.Onnx;

/// <summary>
/// An ONNX model file read into memory: its single float input, every node output (the tensors a layer selector can
/// name) and the layer selection. Sessions are built from an in-memory copy whose graph outputs are the selected
/// tensors; the user's file is never modified. Every problem is a <see cref="ConcordException"/> naming the file.
/// </summary>
public sealed class OnnxModel
{
    /// <summary>Operators whose outputs <c>layers: ["auto"]</c> picks: convolutions, activations and pooling.</summary>
    public static readonly IReadOnlySet<string> AutoOperators = new HashSet<string>(StringComparer.Ordinal)
    {
        "Conv", "ConvTranspose",
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Gelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh",
        "Softplus", "Softsign", "Mish", "ThresholdedRelu",
        "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool",
    };

    private readonly ModelProto _proto;

    private OnnxModel(string path, ModelProto proto, string sha256, string inputName, long?[] inputDims, IReadOnlyList<OnnxTensor> tensors)
    {
        Path = path; _proto = proto; Sha256 = sha256; InputName = inputName; InputDims = inputDims; Tensors = tensors;
    }

    public string Path { get; }
    /// <summary>SHA-256 of the file's bytes as read (lower-case hex), so callers need not read the file again to key it.</summary>
    public string Sha256 { get; }
    /// <summary>The graph input fed with spectrograms.</summary>
    public string InputName { get; }
    /// <summary>The input's declared dimensions; null where symbolic (e.g. the batch).</summary>
    public IReadOnlyList<long?> InputDims { get; }
    /// <summary>Every node output in graph order.</summary>
    public IReadOnlyList<OnnxTensor> Tensors { get; }
    /// <summary>The default-domain (ai.onnx) opset the model imports, or null.</summary>
    public long? Opset => _proto.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version;

    /// <summary>Reads and checks <paramref name="path"/>: a parseable ONNX model with a graph, one float tensor input
    /// (initialisers excluded) and at least one node.</summary>
    public static OnnxModel Load(string path)
    {
        if (!File.Exists(path)) throw ConcordException.InFile(path, "file not found");
        ModelProto proto;
        byte[] bytes = File.ReadAllBytes(path);
        try { proto = ModelProto.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException ex) { throw ConcordException.InFile(path, $"not an ONNX model (corrupt or another format: {FirstLine(ex.Message)})"); }
        if (proto.Graph is null || proto.Graph.Node.Count == 0 || proto.IrVersion <= 0)
            throw ConcordException.InFile(path, "not an ONNX model (no graph, no nodes or no ir_version)", proto.Graph is null ? "graph" : "ir_version");
        var initialisers = proto.Graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = proto.Graph.Input.Where(i => !initialisers.Contains(i.Name)).ToList();
        if (inputs.Count != 1)
            throw ConcordException.InFile(path, $"the graph has {inputs.Count} inputs ({string.Join(", ", inputs.Select(i => i.Name))}); Concord feeds one spectrogram input", "graph.input");
        var input = inputs[0];
        var tensorType = input.Type?.TensorType
            ?? throw ConcordException.InFile(path, $"input '{input.Name}' is not a tensor", "graph.input");
        if (tensorType.ElemType != (int)TensorProto.Types.DataType.Float)
            throw ConcordException.InFile(path, $"input '{input.Name}' has element type {(TensorProto.Types.DataType)tensorType.ElemType}; Concord feeds float32 spectrograms", "graph.input");
        if (tensorType.Shape is null)
            throw ConcordException.InFile(path, $"input '{input.Name}' has no declared shape", "graph.input");
        var dims = tensorType.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0 ? d.DimValue : (long?)null).ToArray();
        var tensors = new List<OnnxTensor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < proto.Graph.Node.Count; i++)
        {
            var node = proto.Graph.Node[i];
            foreach (var o in node.Output)
                if (o.Length > 0 && seen.Add(o)) tensors.Add(new OnnxTensor(o, node.OpType, node.Name, i));
        }
        return new OnnxModel(path, proto, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), input.Name, dims, tensors);
    }

    /// <summary>Resolves a layer selection (tensor names, or <see cref="OnnxExtractionOptions.Auto"/>) into tensors, in the
    /// order given (auto: graph order). An unknown name is an error listing the nearest names.</summary>
    public IReadOnlyList<OnnxTensor> Resolve(IReadOnlyList<string> layers)
    {
        var byName = Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var result = new List<OnnxTensor>();
        foreach (var layer in layers)
        {
            if (layer == OnnxExtractionOptions.Auto)
            {
                var auto = Tensors.Where(t => AutoOperators.Contains(t.OpType) && IsFirstOutput(t)).ToList();
                if (auto.Count == 0)
                    throw ConcordException.InFile(Path, $"layers 'auto' found no Conv, activation or pooling node (operators: {string.Join(", ", Tensors.Select(t => t.OpType).Distinct())})", "layers");
                result.AddRange(auto);
            }
            else if (byName.TryGetValue(layer, out var t)) result.Add(t);
            else throw ConcordException.InFile(Path, $"no tensor named '{layer}' (nearest: {string.Join(", ", Nearest(layer, 5))}; `concord onnx-layers` lists them all)", "layers");
        }
        var duplicate = result.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw ConcordException.InFile(Path, $"tensor '{duplicate.Key}' is selected twice", "layers");
        return result;
    }

    private bool IsFirstOutput(OnnxTensor t) => _proto.Graph.Node[t.Index].Output[0] == t.Name;

    /// <summary>The <paramref name="count"/> tensor names closest to <paramref name="name"/> (edit distance, case-insensitive).</summary>
    public IReadOnlyList<string> Nearest(string name, int count) =>
        Tensors.Select(t => t.Name)
            .OrderBy(n => EditDistance(n.ToLowerInvariant(), name.ToLowerInvariant()))
            .ThenBy(n => n, StringComparer.Ordinal)
            .Take(count).ToList();

    private static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    /// <summary>Checks that the model's input takes spectrograms [H, W] in the declared layout; the error names both shapes.</summary>
    public void CheckInput(int height, int width, OnnxInputOptions options, string sourceName) =>
        _ = new InputAdapter(this, height, width, sourceIsPower: false, options, sourceName);

    /// <summary>An in-memory copy of the model whose graph outputs are exactly <paramref name="tensors"/> (the original
    /// outputs are dropped, so nothing else is computed beyond what they need).</summary>
    public byte[] WithOutputs(IEnumerable<OnnxTensor> tensors)
    {
        var copy = _proto.Clone();
        copy.Graph.Output.Clear();
        foreach (var t in tensors) copy.Graph.Output.Add(new ValueInfoProto { Name = t.Name });
        return copy.ToByteArray();
    }

    /// <summary>An ONNX Runtime session (CPU, sequential, <paramref name="threads"/> intra-op threads) computing
    /// <paramref name="tensors"/>. A model ONNX Runtime refuses (e.g. an unsupported opset) is an error naming the file.</summary>
    public InferenceSession CreateSession(IEnumerable<OnnxTensor> tensors, int threads)
    {
        using var options = new SessionOptions
        {
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try { return new InferenceSession(WithOutputs(tensors), options); }
        catch (OnnxRuntimeException ex)
        {
            string opsets = string.Join(", ", _proto.OpsetImport.Select(o => $"{(o.Domain is "" ? "ai.onnx" : o.Domain)} {o.Version}"));
            throw ConcordException.InFile(Path, $"ONNX Runtime cannot load the model (opset_import: {opsets}): {FirstLine(ex.Message)}", "opset_import");
        }
    }

    internal static string FirstLine(string message)
    {
        var line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
