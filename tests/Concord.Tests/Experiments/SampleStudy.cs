using Concord.Datasets;
using Concord.Networks;
using Concord.Experiments;

namespace Concord.Tests.Experiments;

/// <summary>A small, hand-made set of result records covering every experiment, with chosen values so findings are known.</summary>
internal static class SampleStudy
{
    public static readonly Tap[] Taps = [Tap.Conv1, Tap.Pool1, Tap.Conv2, Tap.Pool2, Tap.Conv3];

    public static StudyResults Create(string dataset = "synth", double seedCka = 0.85, double conv3Cka = 0.3)
    {
        var probes = new List<ProbeRecord>();
        var sims = new List<SimilarityRecord>();
        var epochs = new List<TrainingEpochRecord>();
        int h = 0;
        string H() => "h" + (h++).ToString("D5");
        Architecture[] archs = [Architecture.Regular, Architecture.Deformable];
        int[] seeds = [1, 10];
        probes.Add(new(ExperimentIds.Decoding, dataset, "corrected", "family", Representation.Chance, ProbeMetric.AccuracyPercent, 30, 26.5, 80, 20, H()));
        foreach (var (set, acc) in new[] { ("wave25", 60.0), ("meanp", 50.0) })
            foreach (int s in seeds)
                probes.Add(new(ExperimentIds.Decoding, dataset, "corrected", "family", Representation.Handcrafted(set), ProbeMetric.AccuracyPercent, acc + 5, acc + s / 10.0, 80, 20, H()));
        foreach (var a in archs)
        foreach (int s in seeds)
        {
            probes.Add(new(ExperimentIds.Decoding, dataset, "corrected", "family", Representation.Deep(a, s, true, Tap.Conv3, "family"), ProbeMetric.AccuracyPercent, 95, 80 + s / 10.0, 80, 20, H()));
            for (int e = 1; e <= 3; e++)
                epochs.Add(new(dataset, "corrected", a, s, "family", null, e, ProbeMetric.AccuracyPercent, 2.0 / e, 2.1 / e, 50 + 10 * e, 45 + 10 * e, 0.5, "t" + a + s));
            foreach (var tap in Taps)
            {
                foreach (string task in new[] { "family", "pitch" })
                    probes.Add(new(ExperimentIds.Robustness, dataset, "corrected", "family", Representation.Deep(a, s, true, tap, task), ProbeMetric.AccuracyPercent, 90, task == "family" ? 80 : 78, 80, 20, H()));
                probes.Add(new(ExperimentIds.Untrained, dataset, "corrected", "family", Representation.Deep(a, s, false, tap, "family"), ProbeMetric.AccuracyPercent, 70, 60, 80, 20, H()));
                foreach (var set in new[] { "wave25", "meanp", "tp70" })
                {
                    double early = set == "tp70" ? 0.2 : 0.8;
                    double v = tap == Tap.Conv3 ? conv3Cka : early;
                    sims.Add(new(ExperimentIds.Similarity, dataset, "corrected", DataSplit.Train, Representation.Deep(a, s, true, tap, "family"), Representation.Handcrafted(set),
                        SimilarityMeasure.LinearCka, v, v - 0.05, v + 0.05, 0.001, 100, 50, 80, H()));
                    sims.Add(new(ExperimentIds.Untrained, dataset, "corrected", DataSplit.Train, Representation.Deep(a, s, false, tap, "family"), Representation.Handcrafted(set),
                        SimilarityMeasure.LinearCka, tap == Tap.Conv3 ? 0.6 : early - 0.02, null, null, null, 0, 0, 80, H()));
                }
                sims.Add(new(ExperimentIds.Untrained, dataset, "corrected", DataSplit.Train, Representation.Deep(a, s, true, tap, "family"), Representation.Deep(a, s, false, tap, "family"),
                    SimilarityMeasure.LinearCka, tap == Tap.Conv3 ? 0.4 : 0.9, null, null, null, 0, 0, 80, H()));
            }
        }
        foreach (var a in archs)
            sims.Add(new(ExperimentIds.DeepVsDeep, dataset, "corrected", DataSplit.Train, Representation.Deep(a, 1, true, Tap.Conv3, "family"), Representation.Deep(a, 10, true, Tap.Conv3, "family"),
                SimilarityMeasure.LinearCka, seedCka, null, null, null, 0, 0, 80, H()));
        probes.Add(new(ExperimentIds.Concatenation, dataset, "corrected", "family", new Representation(RepresentationKind.Concatenated, Architecture.Regular, 1, true, Tap.Conv3, "family", "wave25"),
            ProbeMetric.AccuracyPercent, 96, 82, 80, 20, H()));
        var confusion = new ConfusionRecord(ExperimentIds.Exploration, dataset, "corrected", "family", Representation.Deep(Architecture.Regular, 1, true, Tap.Conv3, "family"),
            ["brass", "keys"], [[5, 1], [2, 7]], H());
        var pca = new PcaProjection(dataset, "family", Representation.Handcrafted("wave25"), [0, 1, 2, 3], [1, 0, 1, 0], [0, 0, 1, 1], ["brass", "keys"], [0.6, 0.2]);
        // Per-channel CKA of Regular seed 1 conv1 (3 channels, upper triangle): channel 2 differs from 0 and 1.
        for (int a = 0; a < 3; a++)
            for (int b = a; b < 3; b++)
                sims.Add(new(ExperimentIds.ChannelSimilarity, dataset, "corrected", DataSplit.Train, Representation.Deep(Architecture.Regular, 1, true, Tap.Conv1, "family", channel: a),
                    Representation.Deep(Architecture.Regular, 1, true, Tap.Conv1, "family", channel: b), SimilarityMeasure.LinearCka, a == b ? 1 : b == 2 ? 0.25 : 0.95,
                    null, null, null, 0, 0, 40, H()));
        ExampleSpectrogram Example(string cls, float level) => new(dataset, "family", cls, cls + "_000", 4, 6, Enumerable.Range(0, 24).Select(i => level - i).ToArray(), H());
        ClassTraceRecord Trace(string feature, string cls, double level) =>
            new(dataset, "family", feature, "mels", cls, 10, [level, level + 1, level + 2], [0.5, 0.5, 0.5], H());
        MutualInformationRecord Mi(string feature, int column, double v) => new(dataset, "family", feature, column, v, 80, 3, 0, H());
        return new StudyResults
        {
            Run = new RunSummary
            {
                RunId = "abc123", ConfigName = "sample", Dataset = dataset, Profile = "corrected", MainTask = "family", RelatedTasks = ["pitch"],
                Architectures = archs, Seeds = seeds, StartedUtc = "2026-11-24T19:00:00Z",
                DifferencesFromPaper = [new("training.epochs", "100", "3", "shorter training")],
                Stages = [new("train", StageStatus.Done, 12.5, 4, 0, "")],
                Experiments = [new(ExperimentIds.Channels, StageStatus.Off, "")],
            },
            Probes = probes, Similarities = sims, TrainingEpochs = epochs, Confusions = [confusion], Projections = [pca],
            Examples = [Example("brass", 0), Example("keys", -10)],
            Traces = [Trace("wave25", "brass", 1), Trace("wave25", "keys", 3), Trace("meanp", "brass", -40), Trace("meanp", "keys", -60)],
            MutualInformation = [Mi("wave25", 0, 0.2), Mi("wave25", 1, 0.6), Mi("wave25", 2, 0.4), Mi("meanp", 0, 0.1), Mi("meanp", 1, 0.05)],
        };
    }
}
