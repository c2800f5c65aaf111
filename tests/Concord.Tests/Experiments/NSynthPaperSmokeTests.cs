using System.Text.Json.Nodes;
using Concord.Cli;
using Concord.Experiments;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

/// <summary>
/// Runs the shipped <c>configs/nsynth-paper.json</c> (every experiment, profile paper) on the shared NSynth fixture with
/// <c>--limit-notes 24 --limit-epochs 1 --limit-seeds 1</c>. Only <c>dataset.path</c> is changed (to the fixture). With all
/// five seeds the run trains 56 networks, fits 932 probes and compares 2,925 pairs (≈190 s of CPU even at 48 notes), so
/// the seed limit is what keeps it short. Returns early (passes) when the fixture is absent, as on CI.
/// </summary>
public class NSynthPaperSmokeTests
{
    [Fact]
    public void PaperConfigRunsOnTheFixtureWithSmallLimits()
    {
        string? fixture = TestPaths.NSynthFixture();
        if (fixture is null) return;
        using var tmp = new TempDir();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot(), "configs", "nsynth-paper.json")),
            documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        json["dataset"]!["path"] = fixture;
        string config = tmp.File("nsynth-paper.json");
        File.WriteAllText(config, json.ToJsonString());
        Assert.Equal(["dataset.limit", "seeds", "training.epochs"],
            PaperSetup.Differences(ExperimentRunner.ApplyOverrides(ExperimentConfigLoader.Load(config), new() { LimitNotes = 24, LimitEpochs = 1, LimitSeeds = 1 })).Select(d => d.Key));

        string run = Path.Combine(tmp.Path, "run");
        Assert.Equal(0, CliSetup.Run(["run", config, "--limit-notes", "24", "--limit-epochs", "1", "--limit-seeds", "1", "--out", run]));

        Assert.True(File.Exists(Path.Combine(run, "report.html")));
        Assert.True(File.Exists(Path.Combine(run, "tables", "findings.md")));
        using var store = ResultsStore.OpenExisting(run);
        var study = store.LoadStudy();
        Assert.All(study.Run.Experiments, e => Assert.True(e.Status == StageStatus.Done, $"{e.Experiment}: {e.Status} {e.Reason}"));
        Assert.Equal("nsynth-fixture-acoustic", study.Run.Dataset);
        var counts = store.Counts();
        foreach (string table in ResultsStore.Tables) Assert.True(counts[table] > 0, $"table {table} is empty");
        // One seed: 5 architectures + Feed-Forward, 2 related tasks × 2 all-layer architectures, 2 channel variants; 1 epoch each.
        Assert.Equal(5 + 1 + 4 + 2, study.TrainingEpochs.Count);
    }
}
