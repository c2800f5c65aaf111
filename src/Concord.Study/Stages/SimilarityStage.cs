using Concord.Datasets;
using Concord.Networks;
using Concord.Study.Running;
using Concord.Features;

using Concord.Experiments;

namespace Concord.Study.Stages;

/// <summary>
/// <c>similarity</c>: Experiment 2 (trained taps × hand-crafted features, every configured measure) and Experiment 3's
/// similarity (untrained taps × features, and trained vs untrained per tap, linear CKA), on the training split.
/// </summary>
public sealed class SimilarityStage : IRunStage
{
    /// <inheritdoc />
    public string Name => "similarity";

    /// <inheritdoc />
    public IReadOnlyList<string> DependsOn => ["features", "extract"];

    /// <inheritdoc />
    public StageResult Run(StageContext context, CancellationToken cancellationToken)
    {
        var c = context.Config;
        if (!c.Experiments.Similarity && !c.Experiments.Untrained) return StageResult.Off("experiments.similarity and experiments.untrained are off");
        var pairs = new PairSimilarity(context, Name);
        var features = FeatureRegistry.Default.Resolve(string.Join(",", c.Features)).Select(f => f.Name).ToList();
        var acts = context.State.Activations.Where(a => a.Split == DataSplit.Train && a.Source.Variant is null && a.Source.Channel is null
                                                        && a.Source.TrainTask == c.Dataset.MainTask).ToList();
        var groups = new List<(string Experiment, List<ActivationArtefact> Acts)>();
        if (c.Experiments.Similarity) groups.Add((ExperimentIds.Similarity, acts.Where(a => a.Source.Trained == true).ToList()));
        if (c.Experiments.Untrained) groups.Add((ExperimentIds.Untrained, acts.Where(a => a.Source.Trained == false).ToList()));
        int total = groups.Sum(g => g.Acts.Count), done = 0;
        foreach (var (experiment, list) in groups)
        {
            foreach (var a in list)
            {
                cancellationToken.ThrowIfCancellationRequested();
                context.Report(Name, done++, total, $"{a.Source.Label} × {features.Count} features");
                var x = pairs.Activation(a);
                foreach (string f in features)
                    pairs.Compare(experiment, a.Source, a.Hash + Path.GetFileName(a.Path), x, Representation.Handcrafted(f), context.State.FeaturesHash + f, pairs.Feature(f), c.Similarity.Measures);
                if (experiment == ExperimentIds.Untrained)
                {
                    var twin = acts.FirstOrDefault(t => t.Source.Trained == true && t.Source.Architecture == a.Source.Architecture && t.Source.Seed == a.Source.Seed && t.Source.Tap == a.Source.Tap);
                    if (twin is not null)
                        pairs.Compare(experiment, twin.Source, twin.Hash + Path.GetFileName(twin.Path), pairs.Activation(twin), a.Source, a.Hash + Path.GetFileName(a.Path), x, [SimilarityMeasure.LinearCka]);
                }
                pairs.Forget(a.Path);
            }
            context.State.Mark(experiment, list.Count > 0 ? StageStatus.Done : StageStatus.NotMeasured, list.Count > 0 ? "" : "no activations were extracted for it");
        }
        return StageResult.Done(pairs.Computed, pairs.Reused, $"{features.Count} features");
    }
}
