using Concord.Onnx;

namespace Concord.Study.Config;

/// <summary>
/// An imported, already trained network in the study (<c>networks</c>): an ONNX file whose intermediate tensors are read
/// like the built-in taps. Nothing is trained; it takes part in every experiment that needs no training (decoding,
/// robustness across tasks, similarity with the features, deep-vs-deep, and the untrained comparison when
/// <see cref="UntrainedOnnx"/> is given). Paths resolve against the config file's folder.
/// </summary>
public sealed record ExternalNetwork
{
    /// <summary>The network's name in tables and reports (a plain file stem, distinct from the built-in architectures).</summary>
    public string Name { get; init; } = "";
    /// <summary>The trained model (.onnx). It is never modified: the tensors are exposed on an in-memory copy.</summary>
    public string Onnx { get; init; } = "";
    /// <summary>The same graph with its initial weights, for the trained-vs-untrained comparison; null = not measured.</summary>
    public string? UntrainedOnnx { get; init; }
    /// <summary>Tensor names, or <c>auto</c> (every Conv, activation and pooling output); <c>concord onnx-layers</c> lists them.</summary>
    public IReadOnlyList<string> Layers { get; init; } = [OnnxExtractionOptions.Auto];
    /// <summary>Tensors averaged over their channel dimension before flattening (the built-in taps' policy); <c>auto</c> =
    /// every selected tensor of rank ≥ 3; <c>[]</c> = none.</summary>
    public IReadOnlyList<string> ChannelMean { get; init; } = [OnnxExtractionOptions.Auto];
    /// <summary>How the spectrograms are fed to the model: layout, unit and normalisation, declared, never guessed.</summary>
    public OnnxInputOptions Input { get; init; } = new();

    /// <summary>Problems visible without reading the files, each with its key path (<paramref name="at"/> = <c>networks[i]</c>).</summary>
    public IEnumerable<string> Validate(string at)
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return $"{at}.name: required";
        else if (!Concord.IO.FileNames.IsPlainStem(Name) || Name.Contains(' '))
            yield return $"{at}.name: '{Name}' must be a plain name (letters, digits, '-', '_'; no '/', ':' or spaces)";
        else if (Enum.TryParse<Concord.Networks.Architecture>(Name, ignoreCase: true, out _))
            yield return $"{at}.name: '{Name}' is the name of a built-in architecture; choose another";
        if (string.IsNullOrWhiteSpace(Onnx)) yield return $"{at}.onnx: required";
        if (UntrainedOnnx is not null && string.IsNullOrWhiteSpace(UntrainedOnnx)) yield return $"{at}.untrainedOnnx: empty path (use null for none)";
        if (Layers.Count == 0) yield return $"{at}.layers: at least one tensor name, or \"auto\"";
        if (Layers.Distinct().Count() != Layers.Count) yield return $"{at}.layers: duplicate name";
        if (Layers.Contains(OnnxExtractionOptions.Auto) && Layers.Count > 1) yield return $"{at}.layers: \"auto\" cannot be combined with names";
        foreach (var e in Input.Validate()) yield return $"{at}.{e}";
    }

    /// <summary>The extraction options of this network (channel means resolved at plan time by the planner).</summary>
    public OnnxExtractionOptions Extraction(int batchSize, int? threads, IReadOnlySet<string> channelMean, Concord.Activations.ActivationStorage storage) => new()
    {
        Layers = Layers, ChannelMean = channelMean, Input = Input, BatchSize = batchSize, Threads = threads ?? 1, IncludeTest = true, Storage = storage,
    };
}
