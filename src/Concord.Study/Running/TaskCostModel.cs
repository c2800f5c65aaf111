using Concord.Experiments;
using Concord.Networks;
using Concord.Study.Config;
using Concord.Study.Stages;
using Concord.Torch.Activations;

namespace Concord.Study.Running;

/// <summary>
/// First-order cost estimates (seconds on the config's <c>threads</c>) of each task kind, from the study's size: the
/// number of examples (<c>dataset.limit</c>; 50,000 for an unlimited NSynth study, the paper's scale), epochs,
/// widths of the taps. The coefficients were fitted to the <c>costs/</c> records of a demo run on 2 cores (measured/estimated
/// per kind between 0.7 and 1.0 after fitting; training follows the 0.1 s per batch of 64 for Regular);
/// <c>concord plan</c> rescales each kind by the ratio of measured to estimated cost when a run folder has records.
/// </summary>
public static class TaskCostModel
{
    /// <summary>Examples the study will have.</summary>
    public static int Examples(ExperimentConfig c) => c.Dataset.Limit ?? (c.Dataset.Kind == DatasetSource.Synth ? 400 : 50_000);

    /// <summary>Relative width of a tap's channel-averaged activations (conv3 = 1).</summary>
    public static double TapWidth(Tap tap) => tap switch { Tap.Conv1 => 4, Tap.Pool1 => 2, Tap.Conv2 => 2, Tap.Pool2 => 1, _ => 1 };

    public static double Prepare(ExperimentConfig c) => 1 + 1.2e-2 * Examples(c);

    public static double Features(ExperimentConfig c) => 1 + 1.2e-2 * Examples(c);

    public static double Train(ExperimentConfig c, NetworkPlan n)
    {
        double batches = Math.Ceiling((1 - c.Dataset.TestFraction) * Examples(c) / c.Training.BatchSize) * c.Training.Epochs;
        double perBatch = n.Architecture switch { Architecture.Deformable => 0.3, Architecture.FeedForward => 0.02, _ => 0.1 };
        if (n.Variant is { } v) perBatch *= (v.Conv1 + v.Conv2 + v.Conv3) / 192.0;
        return 2 + batches * perBatch;
    }

    public static double Extract(ExperimentConfig c, ExtractionOptions o) =>
        1 + 6e-4 * (o.MaxRows ?? Examples(c)) * (o.ChannelMean.Count == 0 ? 4 : 1);

    /// <summary>An imported network's extraction: its size is unknown until it runs, so a few milliseconds per example.</summary>
    public static double ExtractImported(ExperimentConfig c) => 1 + 3e-3 * Examples(c);

    public static double Probes(ExperimentConfig c, Representation source, int fits) =>
        source.Kind == RepresentationKind.Chance ? 0.1 : 0.5 + fits * 4e-5 * Examples(c) * (source.Tap is { } t ? TapWidth(t) : 0.5);

    public static double Similarity(ExperimentConfig c, Tap? tap, int features) =>
        0.5 + features * c.Similarity.Measures.Count * 5e-5 * Examples(c) * (tap is { } t ? TapWidth(t) : 1) * (1 + c.Similarity.Bootstrap / 100.0);

    public static double DeepPairs(ExperimentConfig c, int pairs) => 0.2 + pairs * 8e-5 * Examples(c);

    public static double ChannelGrids(ExperimentConfig c, int taps) => 0.5 + taps * 2e-3 * c.Exploration.MaxExamples;

    public static double Exploration(ExperimentConfig c, int sources) => 1 + sources * 2e-4 * Math.Min(Examples(c), c.Exploration.MaxExamples * 2);

    /// <summary>
    /// Estimates calibrated by measurements: each kind's estimates scaled by the median ratio of measured to estimated
    /// wall time over the tasks of that kind that have a cost record; a task with a record costs what was measured.
    /// </summary>
    public static Func<StudyTask, double> Calibrated(StudyPlan plan, IReadOnlyDictionary<string, TaskCost> measured)
    {
        var scale = new Dictionary<StudyTaskKind, double>();
        foreach (var g in plan.Tasks.Where(t => measured.ContainsKey(t.Id) && t.EstimatedSeconds > 0).GroupBy(t => t.Kind))
        {
            var ratios = g.Select(t => measured[t.Id].Seconds / t.EstimatedSeconds).Order().ToList();
            scale[g.Key] = ratios[ratios.Count / 2];
        }
        return t => measured.TryGetValue(t.Id, out var m) ? m.Seconds : t.EstimatedSeconds * scale.GetValueOrDefault(t.Kind, 1.0);
    }
}
