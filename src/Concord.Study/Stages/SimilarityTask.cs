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
    /// <summary>The extraction holding the tap.</summary>
    public required ExtractTask Deep { get; init; }
    /// <summary>The tap.</summary>
    public required Tap Tap { get; init; }
    /// <summary>For an untrained network, the trained twin's extraction (compared at the same tap), else null.</summary>
    public ExtractTask? Twin { get; init; }

    /// <summary>The experiment the rows belong to.</summary>
    public string Experiment => Deep.Mode == ExtractMode.Untrained ? ExperimentIds.Untrained : ExperimentIds.Similarity;

    public override StudyTaskKind Kind => StudyTaskKind.Similarity;
    public override string Label => $"similarity of {Deep.Source(Tap).Label} ({Deep.Network.Label}{(Deep.Mode == ExtractMode.Untrained ? ", untrained" : "")}) × {Features.Names.Count} features";
    public override IReadOnlyList<StudyTask> Inputs => Twin is null ? [Prepared, Features, Deep] : [Prepared, Features, Deep, Twin];
    public override double EstimatedSeconds => TaskCostModel.Similarity(Config, Tap, Features.Names.Count);

    /// <summary>The task for one tap.</summary>
    public static SimilarityTask For(ExperimentConfig c, PrepareTask prepared, FeaturesTask features, ExtractTask deep, Tap tap, ExtractTask? twin) => new()
    {
        Config = c, Prepared = prepared, Features = features, Deep = deep, Tap = tap, Twin = twin,
        Hash = ArtefactCache.Hash("similarity", new { measures = c.Similarity.Measures, options = PairSimilarity.Options(c, c.Similarity.Measures), tap = tap.ToName() },
            [prepared.Hash, features.Hash, deep.Key(tap, DataSplit.Train), .. (twin is null ? Array.Empty<string>() : [twin.Key(tap, DataSplit.Train)])]),
    };

    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
    {
        var c = Config;
        long[] train = PreparedCache.Open(PrepareTask.CachePath(context.Input(Prepared))).TrainIndices();
        string featureFolder = context.Input(Features);
        var source = Deep.Source(Tap);
        string key = Deep.Key(Tap, DataSplit.Train);
        var x = Sim.Representation.Load(Deep.File(context.Input(Deep), Tap, DataSplit.Train));
        var rows = new List<SimilarityRecord>();
        for (int i = 0; i < Features.Names.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string f = Features.Names[i];
            context.Report(i, Features.Names.Count, f);
            var y = PairSimilarity.Feature(FeaturesTask.FeatureFile(featureFolder, f), f, train);
            rows.AddRange(PairSimilarity.Compare(c, Experiment, source, key, x, Representation.Handcrafted(f), Features.Hash + f, y, c.Similarity.Measures));
        }
        if (Twin is not null)
        {
            var twin = Sim.Representation.Load(Twin.File(context.Input(Twin), Tap, DataSplit.Train));
            rows.AddRange(PairSimilarity.Compare(c, Experiment, Twin.Source(Tap), Twin.Key(Tap, DataSplit.Train), twin, source, key, x, [SimilarityMeasure.LinearCka]));
        }
        return new TaskResults { Similarities = rows, Note = $"{rows.Count} rows" };
    }
}
