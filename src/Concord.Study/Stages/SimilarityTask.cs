using Concord.Datasets;
using Concord.Experiments;
using Concord.Networks;
using Concord.Study.Config;
using Concord.Study.Running;
using Sim = Concord.Similarity;

namespace Concord.Study.Stages;

/// <summary>
/// <c>similarity</c>: one tap of one network against every hand-crafted feature on the training split, every configured
/// measure: Experiment 2 for trained networks; for untrained ones (Experiment 3) also the trained twin's same tap
/// (same architecture and seed), linear CKA.
/// </summary>
public sealed record SimilarityTask : StudyTask
{
    /// <summary>The config.</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>The prepared dataset (the training split).</summary>
    public required PrepareTask Prepared { get; init; }
    /// <summary>The hand-crafted features.</summary>
    public required FeaturesTask Features { get; init; }
    /// <summary>The extraction holding the layer.</summary>
    public required ActivationTask Deep { get; init; }
    /// <summary>The layer (a tap of a built-in network, or a tensor of an imported one).</summary>
    public required Representation Layer { get; init; }
    /// <summary>For an untrained network, the trained twin's extraction (compared at the same layer), else null.</summary>
    public ActivationTask? Twin { get; init; }

    /// <summary>The experiment the rows belong to.</summary>
    public string Experiment => Layer.Trained == false ? ExperimentIds.Untrained : ExperimentIds.Similarity;

    public override StudyTaskKind Kind => StudyTaskKind.Similarity;
    public override string Label => $"similarity of {Layer.Label} ({Deep.NetworkLabel}) × {Features.Names.Count} features";
    public override IReadOnlyList<StudyTask> Inputs => Twin is null ? [Prepared, Features, Deep] : [Prepared, Features, Deep, Twin];
    public override double EstimatedSeconds => TaskCostModel.Similarity(Config, Layer.Tap, Features.Names.Count);

    /// <summary>The task for one layer; <paramref name="twin"/> holds the trained twin of an untrained layer (the same
    /// layer, trained).</summary>
    public static SimilarityTask For(ExperimentConfig c, PrepareTask prepared, FeaturesTask features, ActivationTask deep, Representation layer, ActivationTask? twin) => new()
    {
        Config = c, Prepared = prepared, Features = features, Deep = deep, Layer = layer, Twin = twin,
        Hash = ArtefactCache.Hash("similarity", new { measures = c.Similarity.Measures, options = PairSimilarity.Options(c, c.Similarity.Measures), tap = layer.Tap?.ToName() ?? layer.Layer },
            [prepared.Hash, features.Hash, deep.Key(layer, DataSplit.Train), .. (twin is null ? Array.Empty<string>() : [twin.Key(TwinLayer(layer), DataSplit.Train)])]),
    };

    /// <summary>Refuses the task before loading when the widest pair's working set (<see cref="Sim.SimilarityMemory"/>)
    /// exceeds the budget: the layer against the widest feature, and against its trained twin.</summary>
    private void CheckMemory(TaskContext context, int rows, string layerFile, string featureFolder)
    {
        long layer = Concord.IO.Npy.ReadHeader(layerFile).RowLength;
        // Every feature width, not only the widest: whether a pair gets the moment null depends on its width.
        var widths = Features.Names.Select(f => Concord.IO.Npy.ReadHeader(FeaturesTask.FeatureFile(featureFolder, f)).RowLength).Distinct().DefaultIfEmpty(0);
        var (need, widest) = widths.Select(w => (Estimate: Sim.SimilarityMemory.Estimate(rows, layer, w, PairSimilarity.PairOptions(Config, Config.Similarity.Measures, rows, layer, w)), Width: w))
            .MaxBy(e => e.Estimate.Bytes);
        if (Twin is not null)
        {
            var twin = Sim.SimilarityMemory.Estimate(rows, layer, layer, PairSimilarity.PairOptions(Config, [SimilarityMeasure.LinearCka], rows, layer, layer));
            if (twin.Bytes > need.Bytes) (need, widest) = (twin, layer);
        }
        context.RequireMemory(need, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{rows:#,0} training rows × {layer:#,0} columns against {widest:#,0}"));
    }

    /// <summary>The layer against every feature, held (centred once, its Gram matrix formed once) while they are compared;
    /// returns the rows and the layer as loaded.</summary>
    private List<SimilarityRecord> Compare(TaskContext context, Sim.Representation loaded, string key, long[] train, string featureFolder, CancellationToken cancellationToken,
        out Sim.Representation layer)
    {
        var x = new Sim.HeldRepresentation(loaded, context.Threads);
        var rows = new List<SimilarityRecord>();
        for (int i = 0; i < Features.Names.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string f = Features.Names[i];
            context.Report(i, Features.Names.Count, f);
            var y = PairSimilarity.Feature(FeaturesTask.FeatureFile(featureFolder, f), f, train);
            rows.AddRange(PairSimilarity.Compare(Config, Experiment, Layer, key, x, Representation.Handcrafted(f), Features.Hash + f, y, Config.Similarity.Measures));
            context.ReleaseTransients();
        }
        layer = x.Source;
        return rows;
    }

    /// <summary>The trained counterpart of an untrained layer.</summary>
    private static Representation TwinLayer(Representation untrained) => untrained with { Trained = true };

    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
    {
        var c = Config;
        long[] train = PreparedCache.Open(PrepareTask.CachePath(context.Input(Prepared))).TrainIndices();
        string featureFolder = context.Input(Features);
        var source = Layer;
        string key = Deep.Key(Layer, DataSplit.Train);
        string layerFile = Deep.File(context.Input(Deep), Layer, DataSplit.Train);
        CheckMemory(context, train.Length, layerFile, featureFolder);
        var rows = Compare(context, Sim.Representation.Load(layerFile), key, train, featureFolder, cancellationToken, out var layer);
        if (Twin is not null)
        {
            context.ReleaseTransients();   // the layer's centred copy and Gram matrix, held for the features
            var trained = TwinLayer(Layer);
            var twin = new Sim.HeldRepresentation(Sim.Representation.Load(Twin.File(context.Input(Twin), trained, DataSplit.Train)), context.Threads);
            rows.AddRange(PairSimilarity.Compare(c, Experiment, trained, Twin.Key(trained, DataSplit.Train), twin, source, key, layer, [SimilarityMeasure.LinearCka]));
        }
        return new TaskResults { Similarities = rows, Note = $"{rows.Count} rows" };
    }
}
