using Concord.Cli.Stages;
using Concord.Experiments;
using Concord.Experiments.Config;
using Concord.Experiments.Running;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

public class EndToEndTests
{
    private static string TinyConfig => TestPaths.Reference("experiments", "tiny.json");

    private static RunOutcome Run(string dir) =>
        StudyStages.Runner().Run(ExperimentConfigLoader.Load(TinyConfig), Path.GetDirectoryName(TinyConfig)!, new RunOptions { OutputDirectory = dir }, null, CancellationToken.None);

    [Fact]
    public void TinyStudyRunsEndToEndAndASecondRunRecomputesNothing()
    {
        using var tmp = new TempDir();
        var first = Run(tmp.Path);
        foreach (string stage in new[] { "prepare", "features", "train", "extract", "probes", "similarity", "deep-vs-deep", "report" })
            Assert.True(first.Stages.Single(s => s.Stage == stage).Status == StageStatus.Done, $"{stage}: {first.Stages.Single(s => s.Stage == stage).Note}");
        Assert.True(File.Exists(first.ReportPath));
        string html = File.ReadAllText(first.ReportPath!);
        Assert.Contains("linear CKA: trained conv3", html);
        Assert.Contains("Decoding the main task", html);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "tables", "findings.md")));

        string fingerprint;
        using (var store = ResultsStore.OpenExisting(tmp.Path))
        {
            var counts = store.Counts();
            Assert.Equal(2, counts["training_epochs"]);                  // 2 seeds × 1 epoch
            // exp2: 2 seeds × 2 taps × 2 features; exp3: the same untrained + 4 trained-vs-untrained pairs.
            Assert.Equal(8 + 8 + 4, counts["similarity_results"] - DeepVsDeepRows(store));
            // chance + decoding (2 features + 2 conv3) + untrained (2 seeds × 2 taps, trained and untrained) + concat (2 seeds × 2 features).
            Assert.Equal(1 + 4 + 8 + 4, counts["probe_results"]);
            Assert.Equal(1, counts["confusion_matrices"]);
            fingerprint = store.ContentFingerprint();
        }

        var second = Run(tmp.Path);
        Assert.All(second.Stages.Where(s => s.Stage != "report"), s => Assert.Equal(0, s.Computed));
        using var again = ResultsStore.OpenExisting(tmp.Path);
        Assert.Equal(fingerprint, again.ContentFingerprint());
    }

    private static long DeepVsDeepRows(ResultsStore store) =>
        store.LoadStudy().Similarities.Count(s => s.Experiment == ExperimentIds.DeepVsDeep);
}
