using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>
/// The study's own NSynth setup as a config (what <c>configs/nsynth-paper.json</c> states), and the comparison that lists
/// every option of a run that differs from it. Keys that only say where or how fast to run (name, output, device,
/// threads, dataset path, experiment switches) are not compared, nor the <c>exploration</c> options, which the paper
/// does not state (sample sizes and estimator settings of its exploratory figures).
/// </summary>
public static class PaperSetup
{
    /// <summary>The study's NSynth setup: 50,000 acoustic notes, 8 families, 5 architectures × 5 seeds, 100 epochs, every quirk.</summary>
    public static ExperimentConfig NSynth { get; } = new()
    {
        Name = "nsynth-paper",
        Profile = Profile.Paper,
        Dataset = new DatasetSection
        {
            Kind = DatasetSource.NSynth, Path = "data/nsynth", Subset = "acoustic", Limit = 50000, Split = ConfigSplitKind.Random, SplitSeed = 17,
            TestFraction = 0.3, MainTask = "instrument_family", RelatedTasks = ["pitch", "velocity"],
        },
        Features = ["paper"],
        Similarity = new SimilaritySection { Measures = [SimilarityMeasure.LinearCka, SimilarityMeasure.R2Lr, SimilarityMeasure.R2Cca] },
        ChannelVariants = [new("5-10-10", 5, 10, 10), new("10-10-10", 10, 10, 10)],   // Table 10 (the third row is the standard 10-20-30)
        Output = "runs/nsynth-paper",
    };

    private static readonly string[] Ignored = ["name", "output", "device", "threads", "probes.batch", "dataset.path", "experiments.", "exploration."];

    private static readonly string[] DatasetIntrinsic = ["dataset.kind", "dataset.subset", "dataset.mainTask", "dataset.relatedTasks", "dataset.derivedTasks"];

    private static readonly Dictionary<string, string> Meanings = new(StringComparer.Ordinal)
    {
        ["profile"] = "quirk profile: 'corrected' fixes the authors' bugs listed below",
        ["dataset.kind"] = "a different dataset than NSynth",
        ["activations.storage"] = "activations stored as float16 (half the disk; each value rounded to 11 significant bits)",
        ["dataset.limit"] = "fewer (or more) examples than the study's 50,000",
        ["training.epochs"] = "networks trained for a different number of epochs (authors' code: 100)",
        ["probes.epochs"] = "probes trained for a different number of epochs",
        ["seeds"] = "different initialisations; mean ± sd is over these",
        ["architectures"] = "a different set of architectures",
        ["quirks.doubleSoftmax"] = "softmax inside the model + cross-entropy (changes the gradient scale)",
        ["quirks.fixedBatchOrder"] = "training batches in the same order every epoch (no shuffling)",
        ["quirks.testSelfStandardisation"] = "test features z-scored with their own statistics in the all-layer probes",
        ["quirks.deformableClampAndDouble"] = "deformable conv boundary sampling of the authors' layer",
        ["quirks.spectralSampleRate22050"] = "spectral features computed as if audio were 22,050 Hz",
        ["quirks.neverReached128"] = "time-to-dB 'never reached' value 128 instead of the frame count",
        ["quirks.ccaDividedByDeepDimension"] = "R²_CCA divided by the deep dimension",
        ["quirks.untrainedBatchNormTrainMode"] = "untrained networks' BatchNorm uses per-batch statistics",
    };

    /// <summary>Every compared option whose value in <paramref name="run"/> differs from <see cref="NSynth"/>, in key order.</summary>
    public static IReadOnlyList<OptionDifference> Differences(ExperimentConfig run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var paper = Flatten(NSynth);
        var mine = Flatten(run);
        var diffs = new List<OptionDifference>();
        // Another dataset's kind, subset and tasks are what that dataset is, not departures from the paper's NSynth setup.
        bool otherDataset = run.Dataset.Kind != NSynth.Dataset.Kind;
        foreach (string key in paper.Keys.Union(mine.Keys).Order(StringComparer.Ordinal))
        {
            if (Ignored.Any(i => i.EndsWith('.') ? key.StartsWith(i, StringComparison.Ordinal) : key == i)) continue;
            if (otherDataset && DatasetIntrinsic.Contains(key)) continue;
            string p = paper.GetValueOrDefault(key, "(not set)"), m = mine.GetValueOrDefault(key, "(not set)");
            if (p != m) diffs.Add(new OptionDifference(key, p, m, Meanings.GetValueOrDefault(key, "differs from the authors' setup")));
        }
        return diffs;
    }

    private static Dictionary<string, string> Flatten(ExperimentConfig c)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = JsonSerializer.SerializeToNode(c with { Quirks = new QuirkSwitches() }, ExperimentConfigLoader.Options)!;
        Walk(node, "", d);
        foreach (var (key, on) in c.Quirks.Resolve(c.Profile)) d[key] = on ? "on" : "off";
        return d;
    }

    private static void Walk(JsonNode? n, string path, Dictionary<string, string> d)
    {
        switch (n)
        {
            case JsonObject o:
                foreach (var (k, v) in o) Walk(v, path.Length == 0 ? k : path + "." + k, d);
                break;
            case JsonArray a:
                d[path] = "[" + string.Join(", ", a.Select(x => x is JsonValue ? Scalar(x) : x?.ToJsonString(ExperimentConfigLoader.Options).Replace("\n", "", StringComparison.Ordinal) ?? "null")) + "]";
                break;
            default:
                d[path] = Scalar(n);
                break;
        }
    }

    private static string Scalar(JsonNode? n) => n is null ? "null"
        : n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>()
        : n.ToJsonString().ToString(CultureInfo.InvariantCulture);
}
