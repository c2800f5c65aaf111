using Concord.Activations;

namespace Concord.Onnx;

/// <summary>Options of activation extraction from an imported ONNX network. Defaults: every Conv, activation and
/// pooling output (<c>auto</c>), no channel means, float32, batches of 64, train and test splits.</summary>
public sealed record OnnxExtractionOptions
{
    /// <summary>The layer selector that picks every Conv, activation and pooling node's output.</summary>
    public const string Auto = "auto";

    /// <summary>Tensor names, or <see cref="Auto"/>.</summary>
    public IReadOnlyList<string> Layers { get; init; } = [Auto];
    /// <summary>Tensors ([batch, C, …]) averaged over channels before flattening; names as in <see cref="Layers"/>, or <see cref="Auto"/> for every selected layer that has a channel dimension (rank ≥ 3; a [batch, d] tensor is kept whole).</summary>
    public IReadOnlySet<string> ChannelMean { get; init; } = new HashSet<string>();
    public ActivationStorage Storage { get; init; } = ActivationStorage.Float32;
    public OnnxInputOptions Input { get; init; } = new();
    public int BatchSize { get; init; } = 64;
    /// <summary>At most this many examples of each split, evenly spread over it; null = all.</summary>
    public int? MaxRows { get; init; }
    /// <summary>Also extract the test split (false: the training split only).</summary>
    public bool IncludeTest { get; init; } = true;
    /// <summary>ONNX Runtime intra-op threads; null = 1 (results then do not depend on the machine).</summary>
    public int? Threads { get; init; }

    public IEnumerable<string> Validate()
    {
        if (Layers.Count == 0) yield return "layers must not be empty";
        if (Layers.Distinct().Count() != Layers.Count) yield return "layers has duplicates";
        if (BatchSize < 1) yield return "batchSize must be ≥ 1";
        if (Threads is < 1) yield return "threads must be ≥ 1";
        if (MaxRows is < 1) yield return "maxRows must be ≥ 1";
        foreach (var e in Input.Validate()) yield return e;
    }
}
