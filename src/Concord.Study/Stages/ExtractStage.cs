using Concord.Datasets;
using Concord.Networks;
using Concord.Experiments;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Torch.Activations;
using Concord.Torch.Data;
using Concord.Torch.Models;
using Concord.Torch.Training;

namespace Concord.Study.Stages;

/// <summary>
/// <c>extract</c>: records layer activations with <see cref="ActivationExtractor"/> on the train and test splits:
/// every tap of the all-layer architectures and conv3 of the others, for each trained network and (for Experiment 3)
/// each untrained network with the same initial weights. The Feed-Forward baseline has no taps. For the per-channel CKA
/// (Figs. 46–47), one trained network (<see cref="ChannelNetwork"/>) is extracted again without channel averaging, on an
/// even sample of <c>exploration.maxExamples</c> training examples.
/// </summary>
public sealed class ExtractStage : IRunStage
{
    public string Name => "extract";

    public IReadOnlyList<string> DependsOn => ["train"];

    /// <summary>Every tap for the all-layer architectures (channel variants: conv3 only, as Table 10 needs), else conv3.</summary>
    private static ExtractionOptions Options(ExperimentConfig c, Architecture architecture, string? variant) => new()
    {
        Taps = variant is null && c.AllLayerArchitectures.Contains(architecture) ? c.Taps.ToList() : [Tap.Conv3],
        UntrainedBatchNorm = c.Quirks.IsOn("quirks.untrainedBatchNormTrainMode", c.Profile) ? UntrainedBatchNorm.TrainModeFixedBatches : UntrainedBatchNorm.Eval,
        BatchSize = c.Training.BatchSize,
        Threads = c.Threads,
    };

    public StageResult Run(StageContext context, CancellationToken cancellationToken)
    {
        var c = context.Config;
        int computed = 0, reused = 0;
        using var cache = new MelCache(context.State.PreparedCache!);
        var trained = context.State.Networks.Where(n => n.Architecture != Architecture.FeedForward).ToList();
        var untrained = c.Experiments.Untrained
            ? NetworkPlan.For(c).Where(p => p.Architecture != Architecture.FeedForward && p.Variant is null && p.Task == c.Dataset.MainTask).ToList()
            : [];
        var channelNet = c.Experiments.ChannelSimilarity ? ChannelNetwork(c, trained) : null;
        int total = trained.Count + untrained.Count + (channelNet is null ? 0 : 1), done = 0;
        foreach (var n in trained)
        {
            var options = Options(c, n.Architecture, n.Variant);
            string hash = ArtefactCache.Hash(Name, options, n.Hash);
            string label = $"{n.Architecture} seed {n.Seed} ({n.Task})";
            context.Report(Name, done++, total, label);
            string dir = context.Cache.GetOrCompute(Name, hash,
                d => new ActivationExtractor(options).ExtractTrained(n.ModelPath, cache, d, Examples(context, done - 1, total, label), cancellationToken), context.Force, out bool made);
            if (made) computed++; else reused++;
            Publish(context, dir, options, hash, t => Representation.Deep(n.Architecture, n.Seed, true, t, n.Task, n.Variant));
        }
        foreach (var p in untrained)
        {
            var options = Options(c, p.Architecture, variant: null);
            var classes = cache.Task(c.Dataset.MainTask).Classes.Count;
            var model = p.Model(c) with { Classes = Math.Max(2, classes) };
            string hash = ArtefactCache.Hash(Name, new { options, model, p.Seed, untrained = true }, context.State.PreparedHash!);
            string label = $"untrained {p.Architecture} seed {p.Seed}";
            context.Report(Name, done++, total, label);
            string dir = context.Cache.GetOrCompute(Name, hash,
                d => new ActivationExtractor(options).ExtractUntrained(model, p.Seed, cache, d, Examples(context, done - 1, total, label), cancellationToken), context.Force, out bool made);
            if (made) computed++; else reused++;
            Publish(context, dir, options, hash, t => Representation.Deep(p.Architecture, p.Seed, false, t, c.Dataset.MainTask));
        }
        if (channelNet is not null)
        {
            var options = new ExtractionOptions
            {
                Taps = c.Taps.ToList(), ChannelMean = new HashSet<Tap>(),
                MaxRows = c.Exploration.MaxExamples, IncludeTest = false, BatchSize = c.Training.BatchSize, Threads = c.Threads,
            };
            string hash = ArtefactCache.Hash(Name, options, channelNet.Hash);
            context.Report(Name, done++, total, $"{channelNet.Architecture} seed {channelNet.Seed}, every channel");
            string dir = context.Cache.GetOrCompute(Name, hash,
                d => new ActivationExtractor(options).ExtractTrained(channelNet.ModelPath, cache, d, cancellationToken: cancellationToken), context.Force, out bool made);
            if (made) computed++; else reused++;
            var shapes = ModelShapes.Compute(TrainedModel.Read(channelNet.ModelPath).Model);
            foreach (var tap in options.Taps)
            {
                string path = RequireFile(dir, $"{tap.ToName()}.{DataSplit.Train.ToName()}.npy");
                context.State.ChannelActivations.Add(new ActivationArtefact(
                    Representation.Deep(channelNet.Architecture, channelNet.Seed, true, tap, channelNet.Task), DataSplit.Train, path, hash, shapes.Of(tap).Channels));
            }
        }
        return StageResult.Done(computed, reused, $"{trained.Count} trained, {untrained.Count} untrained networks" + (channelNet is null ? "" : ", 1 un-averaged"));
    }

    /// <summary>
    /// The network whose channels are compared (the study: "Regular-0"): the first seed of the first all-layer
    /// architecture (else the first architecture) trained on the main task, standard channel counts.
    /// </summary>
    private static NetworkArtefact? ChannelNetwork(ExperimentConfig c, IReadOnlyList<NetworkArtefact> trained)
    {
        var arch = c.AllLayerArchitectures.Count > 0 ? c.AllLayerArchitectures[0] : c.Architectures[0];
        return trained.FirstOrDefault(n => n.Architecture == arch && n.Seed == c.Seeds[0] && n.Task == c.Dataset.MainTask && n.Variant is null);
    }

    private static string RequireFile(string dir, string name)
    {
        string path = Path.Combine(dir, name);
        if (!File.Exists(path)) throw new ConcordException($"{path}: activation file missing from a finished extraction (delete {dir} and rerun)");
        return path;
    }

    /// <summary>Per-batch progress of one network's extraction: "label: done/total examples".</summary>
    private IProgress<ExtractionProgress> Examples(StageContext context, int network, int networks, string label) =>
        new SyncProgress<ExtractionProgress>(p => context.Report(Name, network, networks, $"{label}: {p.Done}/{p.Total} examples"));

    private static void Publish(StageContext context, string dir, ExtractionOptions options, string hash, Func<Tap, Representation> source)
    {
        foreach (var tap in options.Taps)
            foreach (var split in DataSplitNames.Both)
            {
                string path = RequireFile(dir, $"{tap.ToName()}.{split.ToName()}.npy");
                context.State.Activations.Add(new ActivationArtefact(source(tap), split, path, hash));
            }
    }
}
