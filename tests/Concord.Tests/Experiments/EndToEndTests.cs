using Concord.Study.Stages;
using Concord.Experiments;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

public class EndToEndTests
{
    private static string TinyConfig => TestPaths.Reference("experiments", "tiny.json");

    private static RunOutcome Run(string dir) =>
        ExperimentRunner.Default(Concord.Reporting.ReportWriter.WriteFromStore).Run(ExperimentConfigLoader.Load(TinyConfig), Path.GetDirectoryName(TinyConfig)!, new RunOptions { OutputDirectory = dir }, null, CancellationToken.None);

    [Fact]
    public void TinyStudyRunsEndToEndAndASecondRunRecomputesNothing()
    {
        using var tmp = new TempDir();
        var first = Run(tmp.Path);
        foreach (string stage in new[] { "prepare", "features", "train", "extract", "probes", "similarity", "deep-vs-deep", "exploration", "report" })
            Assert.True(first.Stages.Single(s => s.Stage == stage).Status == StageStatus.Done, $"{stage}: {first.Stages.Single(s => s.Stage == stage).Note}");
        Assert.True(File.Exists(first.ReportPath));
        string html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(first.ReportPath!));
        Assert.Contains("linear CKA: trained conv3", html);
        Assert.Contains("Decoding the main task", html);
        foreach (string part in new[] { "Example spectrograms by class", "PCA by class", "Hand-crafted features by class", "Mutual information of each feature", "Channel × channel within a layer" })
            Assert.Contains(part, html);
        Assert.Contains("linear CKA between the channels of Regular conv3", html);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "tables", "findings.md")));

        string fingerprint;
        using (var store = ResultsStore.OpenExisting(tmp.Path))
        {
            var counts = store.Counts();
            Assert.Equal(2, counts["training_epochs"]);                  // 2 seeds × 1 epoch
            // exp2: 2 seeds × 2 taps × 2 features; exp3: the same untrained + 4 trained-vs-untrained pairs.
            Assert.Equal(8 + 8 + 4, counts["similarity_results"] - DeepVsDeepRows(store) - ChannelRows(store));
            // Per channel, Regular seed 1: pool2 (20 channels) and conv3 (30 channels), upper triangles with the diagonal.
            Assert.Equal(20 * 21 / 2 + 30 * 31 / 2, ChannelRows(store));
            // Exploration: the input, 2 features and Regular conv3 projected; 2 features × 128 columns scored; 2 features × 8 classes traced.
            Assert.Equal(4, counts["pca_projections"]);
            Assert.Equal(2 * 128, counts["mutual_information"]);
            Assert.Equal(2 * 8, counts["class_traces"]);
            Assert.InRange(counts["example_spectrograms"], 1, 8);
            // chance + decoding (2 features + 2 conv3) + untrained (2 seeds × 2 taps, trained and untrained) + concat (2 seeds × 2 features).
            Assert.Equal(1 + 4 + 8 + 4, counts["probe_results"]);
            Assert.Equal(1, counts["confusion_matrices"]);
            // Every computed task's cost reaches the run summary (kinds of the plan, non-negative figures) and the Setup section.
            var costs = store.LoadStudy().Run.Costs;
            Assert.Equal(["deep-vs-deep", "exploration", "extract", "features", "prepare", "probes", "similarity", "train"], costs.Select(c => c.Kind).Distinct().Order().ToArray());
            Assert.All(costs, c => Assert.True(c.Seconds >= 0 && c.BytesWritten > 0 && c.Label.Length > 0, c.Task));
            Assert.Contains("Measured cost per task kind", html);
            // The plan's disk estimates of the big artefacts are within 15 % of what the tasks wrote.
            var plan = StudyPlanner.Plan(ExperimentConfigLoader.Load(TinyConfig), Path.GetDirectoryName(TinyConfig)!);
            foreach (var c in costs.Where(c => c.Kind is "prepare" or "train" or "extract"))
            {
                long estimate = plan.Find(c.Task)!.EstimatedBytes!.Value;
                Assert.True(Math.Abs(estimate - c.BytesWritten) <= 0.15 * c.BytesWritten, $"{c.Label}: estimated {estimate} bytes, wrote {c.BytesWritten}");
            }
            fingerprint = store.ContentFingerprint();
        }

        var second = Run(tmp.Path);
        Assert.All(second.Stages.Where(s => s.Stage != "report"), s => Assert.Equal(0, s.Computed));
        using (var again = ResultsStore.OpenExisting(tmp.Path))
            Assert.Equal(fingerprint, again.ContentFingerprint());

        // Issue 13, memory: with a 1 MB budget the conv3 and pool2 probes (their softmax's L-BFGS state alone is over 1 MB)
        // are refused before loading, naming the numbers and the key; the feature probes fit and run.
        var small = ExperimentConfigLoader.Load(TinyConfig) with { MemoryGb = 0.001 };
        RunOutcome RunSmall(bool force) => ExperimentRunner.Default(Concord.Reporting.ReportWriter.WriteFromStore).Run(small, Path.GetDirectoryName(TinyConfig)!,
            new RunOptions { OutputDirectory = tmp.Path, Force = force ? new HashSet<string> { "probes" } : new HashSet<string>() }, null, CancellationToken.None);
        // Forced: a refused probe keeps its earlier result (nothing lost: results.db is unchanged), and the stage says it failed.
        var forced = RunSmall(force: true);
        var probes = forced.Stages.Single(s => s.Stage == "probes");
        Assert.Equal(StageStatus.Failed, probes.Status);
        Assert.Contains("could not be recomputed and keep their earlier result", probes.Note);
        Assert.False(forced.Succeeded);
        using (var kept = ResultsStore.OpenExisting(tmp.Path))
            Assert.Equal(fingerprint, kept.ContentFingerprint());
        // Fresh: the refused probes are not measured, with the numbers; every other probe is.
        Directory.Delete(Path.Combine(tmp.Path, "artefacts", "probes"), recursive: true);
        var fresh = RunSmall(force: false);
        probes = fresh.Stages.Single(s => s.Stage == "probes");
        Assert.Equal(StageStatus.Failed, probes.Status);
        var refusals = Directory.GetFiles(Path.Combine(tmp.Path, "artefacts", "probes"), "*.failed").Select(File.ReadAllText).ToList();
        Assert.NotEmpty(refusals);
        Assert.All(refusals, r => Assert.Matches(@"^probe .*(conv3|pool2).*: needs about \d+ MB \(activations, float32 \d+ kB; .*softmax solver state, float64 \d+ MB\) "
            + @"for 16 training and 8 test rows × [\d,]+ columns, more than the memory budget of 1 MB \(memoryGb\); not run", r));
        Assert.True(probes.Computed > 0 && probes.Computed + refusals.Count == 15, probes.Note);

        // The exploratory figures estimate their widest PCA too (the input mel spectrogram here), and are refused with it.
        var exploration = ExperimentRunner.Default(Concord.Reporting.ReportWriter.WriteFromStore).Run(small, Path.GetDirectoryName(TinyConfig)!,
            new RunOptions { OutputDirectory = tmp.Path, Force = new HashSet<string> { "exploration" } }, null, CancellationToken.None);
        Assert.Equal(StageStatus.Failed, exploration.Stages.Single(s => s.Stage == "exploration").Status);
        var refusal = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(tmp.Path, "artefacts", "exploration"), "*.failed")));
        Assert.Matches(@"^exploratory figures: needs about \d+ (kB|MB) \([^;]+, float32 \d+ (kB|MB); standardised copy, float64 \d+ (kB|MB); .*\) for PCA of 16 training rows × [\d,]+ columns "
            + @"\([^;]+; exploration.maxExamples\), more than the memory budget of 1 MB \(memoryGb\); not run", refusal);
    }

    private static long DeepVsDeepRows(ResultsStore store) =>
        store.LoadStudy().Similarities.Count(s => s.Experiment == ExperimentIds.DeepVsDeep);

    private static long ChannelRows(ResultsStore store) =>
        store.LoadStudy().Similarities.Count(s => s.Experiment == ExperimentIds.ChannelSimilarity && s.Left.Channel is not null);
}
