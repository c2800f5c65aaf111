using Concord.Datasets;
using Concord.Networks;
using Concord.Study.Running;

using Concord.Experiments;

namespace Concord.Study.Stages;

/// <summary>
/// <c>deep-vs-deep</c>: linear CKA between trained networks on the training split: initialisation × initialisation
/// (same architecture and tap), architecture × architecture (conv3, same seed), layer × layer within each all-layer
/// architecture, and Regular layers × Deformable layers (same seed); and, for <c>experiments.channelSimilarity</c>,
/// channel × channel within each tap of one network (Figs. 46–47) with <see cref="Similarity.ChannelCka"/> on the
/// un-averaged activations of a training-row sample (<see cref="RunState.ChannelActivations"/>).
/// </summary>
public sealed class DeepVsDeepStage : IRunStage
{
    /// <inheritdoc />
    public string Name => "deep-vs-deep";

    /// <inheritdoc />
    public IReadOnlyList<string> DependsOn => ["extract"];

    /// <inheritdoc />
    public StageResult Run(StageContext context, CancellationToken cancellationToken)
    {
        var c = context.Config;
        if (!c.Experiments.DeepVsDeep && !c.Experiments.ChannelSimilarity) return StageResult.Off("experiments.deepVsDeep and experiments.channelSimilarity are off");
        var sim = new PairSimilarity(context, Name);
        int channelGrids = c.Experiments.ChannelSimilarity ? Channels(context, sim, cancellationToken) : 0;
        if (!c.Experiments.DeepVsDeep) return StageResult.Done(sim.Computed, sim.Reused, $"{channelGrids} per-channel grids");
        var acts = context.State.Activations.Where(a => a.Split == DataSplit.Train && a.Source.Trained == true && a.Source.Variant is null
                                                        && a.Source.Channel is null && a.Source.TrainTask == c.Dataset.MainTask).ToList();
        var pairs = new List<(ActivationArtefact L, ActivationArtefact R)>();
        foreach (var l in acts)
            foreach (var r in acts)
            {
                bool sameArch = l.Source.Architecture == r.Source.Architecture, sameTap = l.Source.Tap == r.Source.Tap, sameSeed = l.Source.Seed == r.Source.Seed;
                bool initPair = sameArch && sameTap && l.Source.Seed < r.Source.Seed;
                bool archPair = !sameArch && sameSeed && sameTap && l.Source.Tap == Tap.Conv3 && l.Source.Architecture < r.Source.Architecture;
                bool layerPair = sameArch && sameSeed && l.Source.Tap <= r.Source.Tap;
                bool regDef = l.Source.Architecture == Architecture.Regular && r.Source.Architecture == Architecture.Deformable && sameSeed;
                if (initPair || archPair || layerPair || regDef) pairs.Add((l, r));
            }
        for (int i = 0; i < pairs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (l, r) = pairs[i];
            context.Report(Name, i, pairs.Count, $"{l.Source.Label} s{l.Source.Seed} × {r.Source.Label} s{r.Source.Seed}");
            sim.Compare(ExperimentIds.DeepVsDeep, l.Source, l.Hash + Path.GetFileName(l.Path), sim.Activation(l), r.Source, r.Hash + Path.GetFileName(r.Path), sim.Activation(r), [SimilarityMeasure.LinearCka]);
        }
        context.State.Mark(ExperimentIds.DeepVsDeep, pairs.Count > 0 ? StageStatus.Done : StageStatus.NotMeasured,
            pairs.Count > 0 ? "" : "needs activations of at least two trained taps, seeds or architectures");
        return StageResult.Done(sim.Computed, sim.Reused, $"{pairs.Count} pairs, {channelGrids} per-channel grids");
    }

    /// <summary>Per-channel CKA grid of every un-averaged tap; returns the number of grids.</summary>
    private int Channels(StageContext context, PairSimilarity sim, CancellationToken ct)
    {
        var acts = context.State.ChannelActivations;
        for (int i = 0; i < acts.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            context.Report(Name, i, acts.Count, $"{acts[i].Source.Label}: channel × channel");
            sim.CompareChannels(acts[i]);
        }
        context.State.Mark(ExperimentIds.ChannelSimilarity, acts.Count > 0 ? StageStatus.Done : StageStatus.NotMeasured,
            acts.Count > 0 ? "" : "no un-averaged activations were extracted (needs a trained network of the first seed on the main task)");
        return acts.Count;
    }

}
