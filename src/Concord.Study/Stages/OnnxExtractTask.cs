using Concord.Datasets;
using Concord.Experiments;
using Concord.Onnx;
using Concord.Study.Config;
using Concord.Study.Running;

namespace Concord.Study.Stages;

/// <summary>
/// <c>extract</c> of an imported network (<see cref="ExternalNetwork"/>): streams the selected tensors of its ONNX graph
/// for the train and test splits of the prepared cache with <see cref="OnnxActivationExtractor"/> (ONNX Runtime, CPU,
/// the config's threads). Files: <c>&lt;tensor stem&gt;.&lt;split&gt;.npy</c> and <c>activations.json</c>. Nothing is
/// trained; <see cref="Trained"/> false is the graph with its initial weights (<c>untrainedOnnx</c>).
/// </summary>
public sealed record OnnxExtractTask : ActivationTask
{
    /// <summary>The config.</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>The prepared dataset.</summary>
    public required PrepareTask Prepared { get; init; }
    /// <summary>The imported network's config entry.</summary>
    public required ExternalNetwork Network { get; init; }
    /// <summary>False for the untrained graph.</summary>
    public required bool Trained { get; init; }
    /// <summary>The model file read (resolved path).</summary>
    public required string ModelPath { get; init; }
    /// <summary>The selected tensors, in graph order, with their file stems.</summary>
    public required IReadOnlyList<(string Tensor, string Stem)> Tensors { get; init; }
    /// <summary>Extraction options.</summary>
    public required OnnxExtractionOptions Extraction { get; init; }

    public override StudyTaskKind Kind => StudyTaskKind.Extract;
    public override string Label => $"extract {(Trained ? "" : "untrained ")}imported {Network.Name} ({Tensors.Count} tensors)";
    public override string NetworkLabel => $"imported {Network.Name}" + (Trained ? "" : ", untrained");
    public override IReadOnlyList<StudyTask> Inputs => [Prepared];
    public override double EstimatedSeconds => TaskCostModel.ExtractImported(Config);
    /// <summary>Unknown until it runs: the tensors' shapes come from the graph at run time.</summary>
    public override long? EstimatedBytes => null;
    public override IReadOnlyList<DataSplit> Splits => DataSplitNames.Both;
    public override IReadOnlyList<Representation> Layers => Tensors.Select(t => Representation.External(Network.Name, t.Tensor, Trained)).ToList();

    /// <summary>The extraction of <paramref name="network"/>'s trained graph, or of its untrained graph when
    /// <paramref name="trained"/> is false. Reads the model's graph (not its weights' values) to resolve the layers.</summary>
    public static OnnxExtractTask For(ExperimentConfig c, PrepareTask prepared, ExternalNetwork network, bool trained, string configDirectory)
    {
        string path = Path.GetFullPath(Path.Combine(configDirectory, trained ? network.Onnx : network.UntrainedOnnx!));
        var model = OnnxModel.Load(path);
        var tensors = model.Resolve(network.Layers);
        var stems = OnnxActivationExtractor.FileStems(tensors);
        var channelMean = network.ChannelMean.Contains(OnnxExtractionOptions.Auto)
            ? new HashSet<string>([OnnxExtractionOptions.Auto], StringComparer.Ordinal)
            : network.ChannelMean.ToHashSet(StringComparer.Ordinal);
        var options = network.Extraction(c.Training.BatchSize, c.Threads, channelMean, c.Activations.Storage);
        return new OnnxExtractTask
        {
            Config = c, Prepared = prepared, Network = network, Trained = trained, ModelPath = path,
            Tensors = tensors.Select(t => (t.Name, stems[t.Name])).ToList(), Extraction = options,
            Hash = ArtefactCache.Hash("extract-onnx", new { network = network.Name, trained, options, layers = tensors.Select(t => t.Name).ToArray() },
                model.Sha256[..20], prepared.Hash),
        };
    }

    public override string File(string folder, Representation layer, DataSplit split)
    {
        var stem = Tensors.FirstOrDefault(t => t.Tensor == layer.Layer).Stem
                   ?? throw new InvalidOperationException($"{layer.Label} is not a layer of {Label}");
        return Existing(Path.Combine(folder, $"{stem}.{split.ToName()}.npy"), folder);
    }

    public override string Key(Representation layer, DataSplit split) => $"{Hash}{layer.Layer}.{split.ToName()}";

    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
    {
        var source = SpectrogramSource.FromCache(PrepareTask.CachePath(context.Input(Prepared)), includeTest: true);
        var extractor = new OnnxActivationExtractor(Extraction);
        var result = extractor.Extract(ModelPath, source, context.Folder,
            new SyncProgress<OnnxExtractionProgress>(p => context.Report(p.Done, p.Total, "examples")), cancellationToken);
        return new TaskResults { Note = $"{result.Files.Count / 2} tensors of imported {Network.Name}" };
    }
}
