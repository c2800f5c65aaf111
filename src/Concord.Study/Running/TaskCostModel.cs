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

    /// <summary>Examples of the training split (the test split takes round(N·f)).</summary>
    public static int TrainExamples(ExperimentConfig c) => Examples(c) - (int)Math.Round(Examples(c) * c.Dataset.TestFraction);

    /// <summary>Relative width of a tap's channel-averaged activations (conv3 = 1).</summary>
    public static double TapWidth(Tap tap) => tap switch { Tap.Conv1 => 4, Tap.Pool1 => 2, Tap.Conv2 => 2, Tap.Pool2 => 1, _ => 1 };

    public static double Prepare(ExperimentConfig c) => 1 + 1.2e-2 * Examples(c);

    /// <summary>Samples of one clip (4 s for synth and NSynth notes, else frontEnd.clipSeconds).</summary>
    public static long ClipSamples(ExperimentConfig c) => Concord.Audio.ClipSlicer.ClipLength(
        c.Dataset.Kind is DatasetSource.Synth or DatasetSource.NSynth ? Concord.Audio.ClipSlicer.DefaultClipSeconds : c.FrontEnd.ClipSeconds, c.FrontEnd.SampleRateHz);

    /// <summary>Bytes of a network's model and checkpoint (float32 weights; the checkpoint adds the momentum buffers).</summary>
    public static long? TrainBytes(Concord.Torch.Models.ModelOptions model, (int Height, int Width)? input)
    {
        if (input is not var (h, w)) return null;
        var m = model with { Mels = h, Frames = w };
        long parameters;
        if (m.Architecture == Architecture.FeedForward) parameters = (long)h * w * 120 + 120 * 16;
        else
        {
            try
            {
                var shapes = Concord.Torch.Models.ModelShapes.Compute(m);
                var ch = m.Channels;
                parameters = 25L * (ch.Conv1 + ch.Conv1 * ch.Conv2 + ch.Conv2 * ch.Conv3) + shapes.Fc1Inputs * 120 + 120 * 16;
            }
            catch (ConcordException) { return null; }   // too small an input: the run refuses it
        }
        return 3 * 4 * parameters;
    }

    /// <summary>Bytes of an extraction: rows × width × 4 per tap and split (width = H·W of the tap when channel-averaged).</summary>
    public static long? ExtractBytes(Concord.Torch.Models.ModelOptions model, (int Height, int Width)? input, ExtractionOptions o, long rows)
    {
        if (input is not var (h, w)) return null;
        try
        {
            var shapes = Concord.Torch.Models.ModelShapes.Compute(model with { Mels = h, Frames = w });
            return o.Taps.Sum(t => shapes.Of(t) is var s ? (o.Storage == Concord.Activations.ActivationStorage.Float16 ? 2L : 4L) * rows * (o.ChannelMean.Contains(t) ? (long)s.Height * s.Width : s.Size) : 0);
        }
        catch (ConcordException) { return null; }
    }

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
