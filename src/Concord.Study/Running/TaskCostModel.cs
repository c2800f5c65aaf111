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
/// per kind between 0.7 and 1.0 after fitting); training and probes to the realistic run of 3,000 notes (see each method);
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

    /// <summary>Bytes a finished training keeps: its model (float32 weights). While it trains, its checkpoint (weights and
    /// momentum buffers, twice that) exists too; the task deletes it when the model is written.</summary>
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
        return 4 * parameters;
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

    /// <summary>Columns of one tap's activation matrix (H·W when channel-averaged, else C·H·W); null when the input is
    /// too small for the network.</summary>
    public static long? TapWidth(Concord.Torch.Models.ModelOptions model, (int Height, int Width) input, ExtractionOptions o, Tap tap)
    {
        try
        {
            var s = Concord.Torch.Models.ModelShapes.Compute(model with { Mels = input.Height, Frames = input.Width }).Of(tap);
            return o.ChannelMean.Contains(tap) ? (long)s.Height * s.Width : s.Size;
        }
        catch (ConcordException) { return null; }
    }

    public static double Features(ExperimentConfig c) => 1 + 1.2e-2 * Examples(c);

    public static double Train(ExperimentConfig c, NetworkPlan n)
    {
        double batches = Math.Ceiling((1 - c.Dataset.TestFraction) * Examples(c) / c.Training.BatchSize) * c.Training.Epochs;
        // Seconds per batch of 64 on one thread, from the realistic run (128 × 126 inputs, 2 single-threaded jobs on 2 cores,
        // load 5–6 while it was measured: Regular 0.9–1.0, Deformable 1.1–1.4, Dilated 0.7–0.9), taken at about 2/3 for a
        // quiet machine; more threads help sublinearly (batches of 64 are small).
        double perBatch = n.Architecture switch
        {
            Architecture.Deformable => 0.8, Architecture.Dilated => 0.5, Architecture.Freq1d or Architecture.Time1d => 0.2,
            Architecture.FeedForward => 0.03, _ => 0.6,
        } / Math.Pow(Math.Max(1, c.Threads ?? Environment.ProcessorCount), 0.6);
        if (n.Variant is { } v) perBatch *= (v.Conv1 + v.Conv2 + v.Conv3) / 192.0;
        return 2 + batches * perBatch;
    }

    public static double Extract(ExperimentConfig c, ExtractionOptions o) =>
        1 + 6e-4 * (o.MaxRows ?? Examples(c)) * (o.ChannelMean.Count == 0 ? 4 : 1);

    /// <summary>An imported network's extraction: its size is unknown until it runs, so a few milliseconds per example.</summary>
    public static double ExtractImported(ExperimentConfig c) => 1 + 3e-3 * Examples(c);

    /// <summary>Whether a task is (probably) a regression target, for estimates only: NSynth-layout and synthetic notes
    /// regress pitch and velocity; an arrays dataset names its regression columns; everything else is classification.</summary>
    public static bool LikelyRegression(ExperimentConfig c, string task) => c.Dataset.Kind switch
    {
        DatasetSource.NSynth or DatasetSource.Synth => task is "pitch" or "velocity",
        DatasetSource.Arrays => c.Dataset.RegressionColumns.Contains(task),
        _ => false,
    };

    /// <summary>Effective multiply-adds per second of one thread in the probes' kernels (fitted: see <see cref="Probes"/>).</summary>
    private const double ProbeRate = 2e9;

    /// <summary>
    /// A probe task: with the representation's width d known, each classification fit is an L-BFGS run of about 200
    /// evaluations at 2·n·d·K multiply-adds (K = 10 classes), and the regression fits share one ridge factorisation
    /// (the Gram matrix n·d·m/2 plus about 9m³ for the eigendecomposition, m = min(n, d)), at <see cref="ProbeRate"/>;
    /// without d, the demo-fitted linear rule.
    /// </summary>
    public static double Probes(ExperimentConfig c, Representation source, int fits, long? width = null, int regressionFits = 0)
    {
        if (source.Kind == RepresentationKind.Chance) return 0.1;
        if (width is not { } d) return 0.5 + fits * 4e-5 * Examples(c) * (source.Tap is { } t ? TapWidth(t) : 0.5);
        double n = TrainExamples(c), m = Math.Min(n, d);
        double logistic = (fits - regressionFits) * 200 * 2 * n * d * 10;
        double ridge = regressionFits > 0 ? n * d * m / 2 + 9 * m * m * m : 0;
        return 0.5 + (logistic + ridge) / ProbeRate / Math.Max(1, c.Threads ?? 1);
    }

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
