using System.Globalization;
using Concord.Audio;
using Concord.Datasets;
using Concord.Experiments;
using Concord.Features;
using Concord.Networks;
using Concord.Study.Config;
using Concord.Torch.Activations;
using Concord.Torch.Models;

namespace Concord.Study.Running;

/// <summary>
/// Predicts, when a run starts, which requested similarity measures some pairs will not get: R²_LR, CCA and SVCCA are
/// skipped for a pair whose wider side has at least n_train − 1 columns (they are trivially 1 there; linear CKA is always
/// computed, <see cref="Stages.PairSimilarity.Compare"/>). The widths come from the config alone (tap shapes of every
/// recorded tap, hand-crafted feature dimensions); n_train from <c>dataset.limit</c>, the synthetic note count or the
/// NSynth listing. For recordings and clips without a limit the clip count is known only after preparation, so the
/// warning states how many training examples each wide representation would need instead.
/// </summary>
public static class MeasureForecast
{
    /// <summary>One representation the similarity stages compare, and its width in columns.</summary>
    public sealed record Width(string Name, long Columns);

    /// <summary>The measures that need p &lt; n − 1 (every one but linear CKA).</summary>
    public static IReadOnlyList<SimilarityMeasure> NeedingRows(ExperimentConfig c) =>
        c.Similarity.Measures.Where(m => m != SimilarityMeasure.LinearCka).ToList();

    /// <summary>
    /// The training-split size the config implies and whether it is exact (false: an upper bound from <c>dataset.limit</c>),
    /// or null when it cannot be known before preparation (a recordings or clips dataset without a limit, or an NSynth
    /// folder that cannot be read, which the prepare task will report).
    /// </summary>
    public static (int Rows, bool Exact)? TrainRows(ExperimentConfig c, string configDirectory)
    {
        var d = c.Dataset;
        int? examples = null;
        bool exact = true;
        switch (d.Kind)
        {
            case DatasetSource.Synth:
                examples = d.Limit ?? new SynthDatasetOptions().Notes;
                break;
            case DatasetSource.NSynth:
                try
                {
                    var ds = NSynthDataset.Load(Path.GetFullPath(Path.Combine(configDirectory, d.Path!)));
                    int kept = ds.Select(Stages.PrepareTask.Options(c).NSynth with { Limit = null }).Count;
                    examples = Math.Min(kept, d.Limit ?? int.MaxValue);
                }
                catch (ConcordException) { return null; }
                break;
            default:
                if (d.Limit is int limit) { examples = limit; exact = false; }
                break;
        }
        return examples is int n ? (n - DatasetSplitter.TestSize(n, d.TestFraction), exact) : null;
    }

    /// <summary>Every representation the similarity experiments (2 and 3) compare with the requested measures, with its width (widest first).</summary>
    public static IReadOnlyList<Width> Widths(ExperimentConfig c)
    {
        int frames = 1 + ClipSlicer.ClipLength(c.FrontEnd.ClipSeconds, c.FrontEnd.SampleRateHz) / c.FrontEnd.HopLength;
        int mels = c.FrontEnd.MelBands;
        var averaged = new ExtractionOptions().ChannelMean;
        var list = new List<Width>();
        foreach (var a in c.Architectures)
        {
            ModelShapes shapes;
            try { shapes = ModelShapes.Compute(new ModelOptions { Architecture = a, Mels = mels, Frames = frames }); }
            catch (ConcordException) { continue; }
            foreach (var tap in c.AllLayerArchitectures.Contains(a) ? c.Taps : [Tap.Conv3])
            {
                var s = shapes.Of(tap);
                list.Add(new Width($"{a} {tap.ToName()}", averaged.Contains(tap) ? (long)s.Height * s.Width : s.Size));
            }
        }
        // External features and imported networks' layers are left out: their widths are in files the forecast does not open.
        foreach (var entry in c.Features.Where(e => !e.IsExternal))
            foreach (var f in FeatureRegistry.Default.Resolve(entry.Name))
                if (list.All(w => w.Name != $"feature {f.Name}"))
                    list.Add(new Width($"feature {f.Name}", f.Dimension(mels, frames)));
        return list.OrderByDescending(w => w.Columns).ThenBy(w => w.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The warnings for this config: none when every requested measure can be computed for every pair; otherwise one
    /// line naming the measures, n_train and every representation too wide for them.
    /// </summary>
    public static IReadOnlyList<string> Warnings(ExperimentConfig c, (int Rows, bool Exact)? trainRows)
    {
        ArgumentNullException.ThrowIfNull(c);
        var measures = NeedingRows(c);
        if (measures.Count == 0 || !(c.Experiments.Similarity || c.Experiments.Untrained)) return [];
        string names = string.Join(", ", measures.Select(Name));
        var widths = Widths(c);
        if (trainRows is not { } t)
        {
            var wide = widths.Take(4).Select(w => $"{w.Name} needs {N(w.Columns + 2)}");
            return [$"similarity: {names} are skipped for a pair whose wider side has at least n_train − 1 columns (linear CKA is always computed); "
                    + $"n_train is known once the recordings are cut into clips. The widest representations: {string.Join(", ", wide)} training examples."];
        }
        var tooWide = widths.Where(w => w.Columns >= t.Rows - 1).ToList();
        if (tooWide.Count == 0) return [];
        string rows = t.Exact ? $"n_train = {N(t.Rows)}" : $"n_train ≤ {N(t.Rows)} (dataset.limit)";
        string all = tooWide.Count == widths.Count ? "every representation" : $"{tooWide.Count} of {widths.Count} representations";
        return [$"similarity: {names} cannot be computed for pairs with {all} ({rows}; a side with ≥ {N(t.Rows - 1)} columns makes them trivially 1), "
                + $"so those pairs get linear CKA only: {string.Join(", ", tooWide.Select(w => $"{w.Name} ({N(w.Columns)})"))}."];
    }

    /// <summary>
    /// The memory warning for this config: the representations whose probes or similarity pairs would need more than the
    /// budget (<c>memoryGb</c>) at the config's n_train (<see cref="Probes.ProbeMemory"/>, <see cref="Similarity.SimilarityMemory"/>;
    /// test rows from <c>dataset.testFraction</c>), which the run will refuse with the numbers; none when every one fits
    /// or n_train is unknown before preparation (each task then checks itself before it loads anything).
    /// </summary>
    public static IReadOnlyList<string> MemoryWarnings(ExperimentConfig c, (int Rows, bool Exact)? trainRows)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (trainRows is not { } t) return [];
        long train = t.Rows, test = (long)Math.Ceiling(train * c.Dataset.TestFraction / (1 - c.Dataset.TestFraction));
        var widths = Widths(c);
        long widestFeature = widths.Where(w => w.Name.StartsWith("feature ", StringComparison.Ordinal)).Select(w => w.Columns).DefaultIfEmpty(0).Max();
        var probeOptions = Stages.ProbeTask.Options(c, false);
        var similarity = Stages.PairSimilarity.Options(c, c.Similarity.Measures);
        var over = new List<string>();
        foreach (var w in widths)
        {
            // Assumes a regression target and a 16-class softmax: the solver state is small beside the matrices.
            var probes = Concord.Probes.ProbeMemory.Estimate(train, test, w.Columns, probeOptions, regression: true, classes: 16);
            var pair = Concord.Similarity.SimilarityMemory.Estimate(train, w.Columns, Math.Max(widestFeature, w.Name.StartsWith("feature ", StringComparison.Ordinal) ? 0 : w.Columns), similarity);
            long need = Math.Max(probes.Bytes, pair.Bytes);
            if (need > c.MemoryBytes) over.Add($"{w.Name} ({N(w.Columns)} columns, {Concord.MemoryEstimate.Format(need)})");
        }
        if (over.Count == 0) return [];
        string rows = t.Exact ? $"n_train = {N(train)}" : $"n_train ≤ {N(train)} (dataset.limit)";
        return [$"memory: the probes or similarity of {over.Count} representation(s) would need more than the {Concord.MemoryEstimate.Format(c.MemoryBytes)} budget "
                + $"(memoryGb) at {rows}, and those tasks will be refused with the numbers: {string.Join(", ", over)}."];
    }

    private static string N(long v) => v.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Name(SimilarityMeasure m) => m switch
    {
        SimilarityMeasure.R2Lr => "R²_LR",
        SimilarityMeasure.R2Cca => "R²_CCA",
        SimilarityMeasure.MeanRhoCca => "mean ρ CCA",
        SimilarityMeasure.SvccaR2 => "SVCCA R²",
        SimilarityMeasure.SvccaMeanRho => "SVCCA mean ρ",
        _ => "linear CKA",
    };
}
