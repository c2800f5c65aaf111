using Concord.Experiments;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

public class ExperimentRunnerTests
{
    /// <summary>A stage that writes one probe row through the cache, keyed by the config's epochs, and counts computations.</summary>
    private sealed class CountingStage(string name, string[] dependsOn, Func<ExperimentConfig, object> options) : IRunStage
    {
        public int Computations;
        public string Name => name;
        public IReadOnlyList<string> DependsOn => dependsOn;

        public StageResult Run(StageContext context, CancellationToken cancellationToken)
        {
            string hash = ArtefactCache.Hash(name, options(context.Config), context.State.FeaturesHash ?? "");
            context.Cache.GetOrCompute(name, hash, dir => { Computations++; File.WriteAllText(Path.Combine(dir, "x.txt"), name); }, context.Force, out bool computed);
            if (name == "features") context.State.FeaturesHash = hash;
            var row = new ProbeRecord(ExperimentIds.Decoding, "synth", "corrected", "family", Representation.Handcrafted(name), ProbeMetric.AccuracyPercent, 1, 2, 3, 4, hash);
            context.Store.PutProbes([row]);
            context.State.ResultHashes.Add(hash);
            context.State.Mark(ExperimentIds.Decoding, StageStatus.Done);
            return computed ? StageResult.Done(1, 0) : StageResult.Done(0, 1);
        }
    }

    private sealed class MissingStage : IRunStage
    {
        public string Name => "train";
        public IReadOnlyList<string> DependsOn => [];
        public StageResult Run(StageContext context, CancellationToken cancellationToken) => StageResult.NotMeasured("no trainer in this build");
    }

    private static ExperimentConfig Config => new() { Name = "t", Dataset = new DatasetSection { Kind = DatasetSource.Synth } };

    [Fact]
    public void SecondRunRecomputesNothingAndChangedOptionRecomputesOnlyDependents()
    {
        using var tmp = new TempDir();
        var features = new CountingStage("features", [], c => c.FrontEnd);
        var probes = new CountingStage("probes", ["features"], c => c.Probes);
        var runner = new ExperimentRunner([features, probes]);
        var opts = new RunOptions { OutputDirectory = tmp.Path };
        var first = runner.Run(Config, tmp.Path, opts, null, CancellationToken.None);
        Assert.True(first.Succeeded);
        Assert.Equal((1, 1), (features.Computations, probes.Computations));
        var second = runner.Run(Config, tmp.Path, opts, null, CancellationToken.None);
        Assert.Equal((1, 1), (features.Computations, probes.Computations));
        Assert.All(second.Stages, s => Assert.Equal(0, s.Computed));

        runner.Run(Config with { Probes = new ProbeSection { Epochs = 7 } }, tmp.Path, opts, null, CancellationToken.None);
        Assert.Equal((1, 2), (features.Computations, probes.Computations));
        runner.Run(Config with { FrontEnd = new FrontEndSection { MelBands = 64 } }, tmp.Path, opts, null, CancellationToken.None);
        Assert.Equal((2, 3), (features.Computations, probes.Computations));   // the new features hash flows into probes

        using var store = ResultsStore.OpenExisting(tmp.Path);
        Assert.Equal(2, store.Counts()["probe_results"]);                       // stale rows of earlier configs pruned
        Assert.True(File.Exists(Path.Combine(tmp.Path, "config.resolved.json")));
        Assert.Contains("\"melBands\": 64", File.ReadAllText(Path.Combine(tmp.Path, "config.resolved.json")));
        Assert.Contains("\"stage\": \"probes\"", File.ReadAllText(Path.Combine(tmp.Path, "manifest.json")));
    }

    [Fact]
    public void ForceRecomputesTheStageAndItsDependents()
    {
        using var tmp = new TempDir();
        var features = new CountingStage("features", [], c => c.FrontEnd);
        var probes = new CountingStage("probes", ["features"], c => c.Probes);
        var runner = new ExperimentRunner([features, probes]);
        runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path }, null, CancellationToken.None);
        runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, Force = new HashSet<string> { "features" } }, null, CancellationToken.None);
        Assert.Equal((2, 2), (features.Computations, probes.Computations));
        Assert.Throws<ConcordException>(() => runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, Force = new HashSet<string> { "nope" } }, null, CancellationToken.None));
    }

    [Fact]
    public void MissingStageBlocksDependentsAndIsReported()
    {
        using var tmp = new TempDir();
        var probes = new CountingStage("probes", ["train"], c => c.Probes);
        string? reportDir = null;
        var runner = new ExperimentRunner([new MissingStage(), probes], (dir, _) => { reportDir = dir; return Path.Combine(dir, "report.html"); });
        var outcome = runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path }, null, CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.Equal(StageStatus.NotMeasured, outcome.Stages[1].Status);
        Assert.Contains("train", outcome.Stages[1].Note);
        Assert.Equal(0, probes.Computations);
        Assert.Equal(tmp.Path, reportDir);
        Assert.Equal("report", outcome.Stages[^1].Stage);
        using var store = ResultsStore.OpenExisting(tmp.Path);
        var run = store.LoadStudy().Run;
        Assert.Contains(run.Experiments, e => e.Experiment == ExperimentIds.Similarity && e.Status == StageStatus.NotMeasured);
        // The dataset's own kind is intrinsic to a non-NSynth study, not a departure from the paper; the profile is one.
        Assert.DoesNotContain(run.DifferencesFromPaper, d => d.Key == "dataset.kind");
        Assert.Contains(run.DifferencesFromPaper, d => d.Key == "profile");
    }

    [Fact]
    public void OverridesLimitNotesEpochsAndSeeds()
    {
        var c = ExperimentRunner.ApplyOverrides(PaperSetup.NSynth, new RunOptions { LimitNotes = 40, LimitEpochs = 2, LimitSeeds = 2 });
        Assert.Equal(40, c.Dataset.Limit);
        Assert.Equal(2, c.Training.Epochs);
        Assert.Equal([1, 10], c.Seeds);
        Assert.Equal(PaperSetup.NSynth.Seeds, ExperimentRunner.ApplyOverrides(PaperSetup.NSynth, new RunOptions { LimitSeeds = 9 }).Seeds);
        Assert.Contains("--limit-notes", new RunOptions { LimitNotes = 0 }.Validate().Single());
        Assert.Contains("--limit-seeds", new RunOptions { LimitSeeds = 0 }.Validate().Single());
    }
}
