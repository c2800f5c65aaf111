using Concord.Experiments;
using Concord.Experiments.Config;
using Concord.Experiments.Running;
using Concord.Torch.Activations;
using Concord.Torch.Data;
using Concord.Torch.Models;

namespace Concord.Cli.Stages;

/// <summary>
/// <c>extract</c>: records layer activations with <see cref="ActivationExtractor"/> on the train and test splits:
/// every tap of the all-layer architectures and conv3 of the others, for each trained network and (for Experiment 3)
/// each untrained network with the same initial weights. The Feed-Forward baseline has no taps.
/// </summary>
internal sealed class ExtractStage : IRunStage
{
    public string Name => "extract";

    public IReadOnlyList<string> DependsOn => ["train"];

    /// <summary>Every tap for the all-layer architectures (channel variants: conv3 only, as Table 10 needs), else conv3.</summary>
    private static ExtractionOptions Options(ExperimentConfig c, string architecture, string? variant) => new()
    {
        Taps = variant is null && c.AllLayerArchitectures.Contains(architecture) ? c.Taps.Select(t => Enum.Parse<Tap>(t, ignoreCase: true)).ToList() : [Tap.Conv3],
        UntrainedBatchNorm = c.Quirks.IsOn("quirks.untrainedBatchNormTrainMode", c.Profile) ? UntrainedBatchNorm.TrainModeFixedBatches : UntrainedBatchNorm.Eval,
        BatchSize = c.Training.BatchSize,
        Threads = c.Threads,
    };

    public StageResult Run(StageContext context, CancellationToken cancellationToken)
    {
        var c = context.Config;
        int computed = 0, reused = 0;
        using var cache = new MelCache(context.State.PreparedCache!);
        var trained = context.State.Networks.Where(n => n.Architecture != nameof(Architecture.FeedForward)).ToList();
        var untrained = c.Experiments.Untrained
            ? NetworkPlan.For(c).Where(p => p.Architecture != Architecture.FeedForward && p.Variant is null && p.Task == c.Dataset.MainTask).ToList()
            : [];
        int total = trained.Count + untrained.Count, done = 0;
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
            string arch = p.Architecture.ToString();
            var options = Options(c, arch, variant: null);
            var classes = cache.Task(c.Dataset.MainTask).Classes.Count;
            var model = p.Model(c) with { Classes = Math.Max(2, classes) };
            string hash = ArtefactCache.Hash(Name, new { options, model, p.Seed, untrained = true }, context.State.PreparedHash!);
            string label = $"untrained {arch} seed {p.Seed}";
            context.Report(Name, done++, total, label);
            string dir = context.Cache.GetOrCompute(Name, hash,
                d => new ActivationExtractor(options).ExtractUntrained(model, p.Seed, cache, d, Examples(context, done - 1, total, label), cancellationToken), context.Force, out bool made);
            if (made) computed++; else reused++;
            Publish(context, dir, options, hash, t => Representation.Deep(arch, p.Seed, false, t, c.Dataset.MainTask));
        }
        return StageResult.Done(computed, reused, $"{trained.Count} trained, {untrained.Count} untrained networks");
    }

    /// <summary>Per-batch progress of one network's extraction: "label: done/total examples".</summary>
    private IProgress<ExtractionProgress> Examples(StageContext context, int network, int networks, string label) =>
        new SyncProgress<ExtractionProgress>(p => context.Report(Name, network, networks, $"{label}: {p.Done}/{p.Total} examples"));

    private static void Publish(StageContext context, string dir, ExtractionOptions options, string hash, Func<string, Representation> source)
    {
        foreach (var tap in options.Taps)
            foreach (string split in new[] { "train", "test" })
            {
                string t = tap.ToString().ToLowerInvariant();
                string path = Path.Combine(dir, $"{t}.{split}.npy");
                if (!File.Exists(path)) throw new ConcordException($"{path}: activation file missing from a finished extraction (delete {dir} and rerun)");
                context.State.Activations.Add(new ActivationArtefact(source(t), split, path, hash));
            }
    }
}
