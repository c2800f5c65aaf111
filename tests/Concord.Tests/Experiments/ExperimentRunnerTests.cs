using Concord.Experiments;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Study.Stages;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

public class ExperimentRunnerTests
{
    /// <summary>Counts the executions of a test task, across runs.</summary>
    private sealed class Counter { public int N; }

    /// <summary>A task that writes one file and one probe row, keyed by its hash, and counts its executions.</summary>
    private sealed record CountingTask : StudyTask
    {
        public required StudyTaskKind TaskKind { get; init; }
        public required IReadOnlyList<StudyTask> Reads { get; init; }
        public required Counter Counter { get; init; }
        public string? FailWith { get; init; }
        public bool IsIntermediate { get; init; }
        public override bool Intermediate => IsIntermediate;
        public override StudyTaskKind Kind => TaskKind;
        public override string Label => $"test {TaskKind.ToName()}";
        public override IReadOnlyList<StudyTask> Inputs => Reads;
        public override double EstimatedSeconds => 1;

        public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Counter.N);
            foreach (var i in Reads) Assert.True(File.Exists(Path.Combine(context.Input(i), "x.txt")));
            if (FailWith is not null) throw new ConcordException(FailWith);
            File.WriteAllText(Path.Combine(context.Folder, "x.txt"), Kind.ToName());
            return new TaskResults
            {
                Probes = [new ProbeRecord(ExperimentIds.Decoding, "synth", "corrected", "family", Representation.Handcrafted(Kind.ToName()), ProbeMetric.AccuracyPercent, 1, 2, 3, 4, Hash)],
            };
        }
    }

    private sealed class TwoTasks
    {
        public Counter Features { get; } = new();
        public Counter Probes { get; } = new();
        public string? FailFeatures { get; set; }
        public int Independent { get; set; }
        public bool IntermediateFeatures { get; init; }

        public StudyPlan Plan(ExperimentConfig c, string dir)
        {
            var f = new CountingTask { TaskKind = StudyTaskKind.Features, Reads = [], Counter = Features, FailWith = FailFeatures, IsIntermediate = IntermediateFeatures, Hash = ArtefactCache.Hash("features", c.FrontEnd) };
            var p = new CountingTask { TaskKind = StudyTaskKind.Probes, Reads = [f], Counter = Probes, Hash = ArtefactCache.Hash("probes", c.Probes, f.Hash) };
            var tasks = new List<StudyTask> { f, p };
            for (int i = 0; i < Independent; i++)
                tasks.Add(new CountingTask { TaskKind = StudyTaskKind.Similarity, Reads = [f], Counter = Probes, Hash = ArtefactCache.Hash("similarity", i, f.Hash) });
            tasks.Add(CollectTask.For(tasks.ToList()));
            return new StudyPlan(tasks, new Dictionary<string, IReadOnlyList<StudyTask>> { [ExperimentIds.Decoding] = [p] }, []);
        }
    }

    private static ExperimentConfig Config => new() { Name = "t", Dataset = new DatasetSection { Kind = DatasetSource.Synth } };

    [Fact]
    public void SecondRunRecomputesNothingAndChangedOptionRecomputesOnlyDependents()
    {
        using var tmp = new TempDir();
        var t = new TwoTasks();
        var runner = new ExperimentRunner(t.Plan);
        var opts = new RunOptions { OutputDirectory = tmp.Path };
        var first = runner.Run(Config, tmp.Path, opts, null, CancellationToken.None);
        Assert.True(first.Succeeded);
        Assert.Equal((1, 1), (t.Features.N, t.Probes.N));
        var second = runner.Run(Config, tmp.Path, opts, null, CancellationToken.None);
        Assert.Equal((1, 1), (t.Features.N, t.Probes.N));
        Assert.All(second.Stages, s => Assert.Equal(0, s.Computed));

        runner.Run(Config with { Probes = new ProbeSection { Epochs = 7 } }, tmp.Path, opts, null, CancellationToken.None);
        Assert.Equal((1, 2), (t.Features.N, t.Probes.N));
        runner.Run(Config with { FrontEnd = new FrontEndSection { MelBands = 64 } }, tmp.Path, opts, null, CancellationToken.None);
        Assert.Equal((2, 3), (t.Features.N, t.Probes.N));   // the new features hash flows into probes

        using var store = ResultsStore.OpenExisting(tmp.Path);
        Assert.Equal(2, store.Counts()["probe_results"]);                       // stale rows of earlier configs pruned
        Assert.True(File.Exists(Path.Combine(tmp.Path, "config.resolved.json")));
        Assert.Contains("\"melBands\": 64", File.ReadAllText(Path.Combine(tmp.Path, "config.resolved.json")));
        Assert.Contains("\"stage\": \"probes\"", File.ReadAllText(Path.Combine(tmp.Path, "manifest.json")));
        Assert.Equal(3, PlanDocument.Read(tmp.Path).Tasks);
        Assert.Equal(3, TaskCost.ReadAll(tmp.Path).Count(c => c.Value.Kind == "probes"));   // one cost record per computed probes task (3 hashes)
    }

    [Fact]
    public void UntilConsumedDeletesAnIntermediateOnceItsReadersFinishAndRecreatesItWhenOneNeedsItAgain()
    {
        using var all = new TempDir();
        using var tmp = new TempDir();
        var reference = new TwoTasks { Independent = 2, IntermediateFeatures = true };
        new ExperimentRunner(reference.Plan).Run(Config, all.Path, new RunOptions { OutputDirectory = all.Path }, null, CancellationToken.None);
        var t = new TwoTasks { Independent = 2, IntermediateFeatures = true };
        var runner = new ExperimentRunner(t.Plan);
        var c = Config with { Activations = new ActivationsSection { Keep = ActivationKeep.UntilConsumed } };
        var opts = new RunOptions { OutputDirectory = tmp.Path };
        Assert.True(runner.Run(c, tmp.Path, opts, null, CancellationToken.None).Succeeded);
        string Data(string run) => Path.Combine(Directory.GetDirectories(Path.Combine(run, "artefacts", "features")).Single(), "x.txt");
        Assert.True(File.Exists(Data(all.Path)));
        Assert.False(File.Exists(Data(tmp.Path)));                                                 // deleted after its 3 readers
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Data(tmp.Path))!, TaskResults.FileName)));   // its rows stay
        using (var s1 = ResultsStore.OpenExisting(all.Path))
        using (var s2 = ResultsStore.OpenExisting(tmp.Path))
        {
            Assert.Equal(s1.ContentFingerprint(), s2.ContentFingerprint());                       // the results do not depend on keep
            Assert.Equal(new ActivationRetention("all", 1, 0, 0, s1.LoadStudy().Run.Activations!.KeptBytes), s1.LoadStudy().Run.Activations);
            Assert.Equal(new ActivationRetention("untilConsumed", 1, 1, "features".Length, s2.LoadStudy().Run.Activations!.KeptBytes), s2.LoadStudy().Run.Activations);
        }

        runner.Run(c, tmp.Path, opts, null, CancellationToken.None);
        Assert.Equal((1, 3), (t.Features.N, t.Probes.N));                                          // a rerun recreates nothing
        runner.Run(c, tmp.Path, opts with { Force = new HashSet<string> { "probes" } }, null, CancellationToken.None);
        Assert.Equal((2, 4), (t.Features.N, t.Probes.N));                                          // a forced reader needs it again
        Assert.False(File.Exists(Data(tmp.Path)));                                                 // and it is deleted again after
        runner.Run(c with { Probes = new ProbeSection { Epochs = 7 } }, tmp.Path, opts, null, CancellationToken.None);
        Assert.Equal((3, 5), (t.Features.N, t.Probes.N));                                          // a new reader (changed option) too
    }

    [Fact]
    public void ForceRecomputesTheKindAndItsDependents()
    {
        using var tmp = new TempDir();
        var t = new TwoTasks();
        var runner = new ExperimentRunner(t.Plan);
        runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path }, null, CancellationToken.None);
        runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, Force = new HashSet<string> { "features" } }, null, CancellationToken.None);
        Assert.Equal((2, 2), (t.Features.N, t.Probes.N));
        Assert.Throws<UsageException>(() => runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, Force = new HashSet<string> { "nope" } }, null, CancellationToken.None));
    }

    [Fact]
    public void FailedTaskBlocksDependentsAndIsReported()
    {
        using var tmp = new TempDir();
        var t = new TwoTasks { FailFeatures = "no audio in this test" };
        string? reportDir = null;
        var runner = new ExperimentRunner(t.Plan, (dir, _) => { reportDir = dir; return Path.Combine(dir, "report.html"); });
        var outcome = runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path }, null, CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.Equal(StageStatus.Failed, outcome.Stages.Single(s => s.Stage == "features").Status);
        Assert.Contains("no audio in this test", outcome.Stages.Single(s => s.Stage == "features").Note);
        var probes = outcome.Stages.Single(s => s.Stage == "probes");
        Assert.Equal(StageStatus.NotMeasured, probes.Status);
        Assert.Contains("test features", probes.Note);
        Assert.Equal(0, t.Probes.N);
        Assert.Equal(tmp.Path, reportDir);
        Assert.Equal("report", outcome.Stages[^1].Stage);
        using var store = ResultsStore.OpenExisting(tmp.Path);
        var run = store.LoadStudy().Run;
        Assert.Contains(run.Experiments, e => e.Experiment == ExperimentIds.Decoding && e.Status == StageStatus.NotMeasured);
        // The dataset's own kind is intrinsic to a non-NSynth study, not a departure from the paper; the profile is one.
        Assert.DoesNotContain(run.DifferencesFromPaper, d => d.Key == "dataset.kind");
        Assert.Contains(run.DifferencesFromPaper, d => d.Key == "profile");
        var status = RunStatus.Read(tmp.Path);
        Assert.Equal(TaskState.Failed, status.Tasks.Single(x => x.Kind == "features").State);
        Assert.Contains("no audio", status.Tasks.Single(x => x.Kind == "features").Detail);
        Assert.Equal(TaskState.Pending, status.Tasks.Single(x => x.Kind == "probes").State);
        Assert.NotNull(status.ResultsFingerprint);
    }

    [Fact]
    public void ParallelJobsGiveTheSameResults()
    {
        using var one = new TempDir();
        using var four = new TempDir();
        var a = new TwoTasks { Independent = 6 };
        var b = new TwoTasks { Independent = 6 };
        new ExperimentRunner(a.Plan).Run(Config with { Threads = 1 }, one.Path, new RunOptions { OutputDirectory = one.Path }, null, CancellationToken.None);
        var outcome = new ExperimentRunner(b.Plan).Run(Config with { Threads = 1 }, four.Path, new RunOptions { OutputDirectory = four.Path, Jobs = 4 }, null, CancellationToken.None);
        Assert.True(outcome.Succeeded);
        Assert.Equal(7, b.Probes.N);
        using var s1 = ResultsStore.OpenExisting(one.Path);
        using var s4 = ResultsStore.OpenExisting(four.Path);
        Assert.Equal(s1.ContentFingerprint(), s4.ContentFingerprint());
    }

    [Fact]
    public void OneTaskRunsAloneAndNamesMissingInputsAndUnknownIds()
    {
        using var tmp = new TempDir();
        var t = new TwoTasks();
        var runner = new ExperimentRunner(t.Plan);
        var plan = t.Plan(Config, tmp.Path);
        string probes = plan.Tasks[1].Id, features = plan.Tasks[0].Id;
        var missing = Assert.Throws<ConcordException>(() => runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, TaskId = probes }, null, CancellationToken.None));
        Assert.Contains(features, missing.Message);
        Assert.IsNotType<UsageException>(missing);
        var unknown = Assert.Throws<UsageException>(() => runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, TaskId = probes[..^3] + "xyz" }, null, CancellationToken.None));
        Assert.Contains(probes, unknown.Message);                                          // the nearest id is suggested
        runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, TaskId = features }, null, CancellationToken.None);
        Assert.Equal((1, 0), (t.Features.N, t.Probes.N));
        runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, TaskId = features }, null, CancellationToken.None);
        Assert.Equal((1, 0), (t.Features.N, t.Probes.N));                                  // a finished task is a no-op
        runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, TaskId = probes }, null, CancellationToken.None);
        Assert.False(File.Exists(Path.Combine(tmp.Path, ResultsStore.FileName)));          // workers never open results.db
        runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, TaskId = plan.Tasks[^1].Id }, null, CancellationToken.None);
        using var store = ResultsStore.OpenExisting(tmp.Path);
        Assert.Equal(2, store.Counts()["probe_results"]);
        Assert.Equal(3, RunStatus.Read(tmp.Path).Count(TaskState.Done));
    }

    [Fact]
    public void RunLockRefusesASecondRunAndTakesOverAStaleOne()
    {
        using var tmp = new TempDir();
        var t = new TwoTasks();
        var runner = new ExperimentRunner(t.Plan);
        string lockPath = Path.Combine(tmp.Path, ExperimentRunner.RunLockFile);
        using (var held = FileLock.TryAcquire(lockPath, out _, out _))
        {
            Assert.NotNull(held);
            // This process holds it: a second run (as if another process) is refused and names the holder.
            File.WriteAllText(lockPath, $"pid 1 host {Environment.MachineName} since 2026-01-01T00:00:00Z");   // pid 1 is alive
            var ex = Assert.Throws<ConcordException>(() => runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path }, null, CancellationToken.None));
            Assert.Contains("pid 1", ex.Message);
            Assert.Equal(0, t.Features.N);
        }
        // A lock left by a dead process on this host is taken over, and the takeover is reported.
        File.WriteAllText(lockPath, $"pid 999999 host {Environment.MachineName} since 2026-01-01T00:00:00Z");
        var messages = new List<string>();
        var outcome = runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path }, new SyncProgress<RunProgress>(p => messages.Add(p.Message)), CancellationToken.None);
        Assert.True(outcome.Succeeded);
        Assert.Contains(messages, m => m.Contains("took over a stale run lock", StringComparison.Ordinal) && m.Contains("999999", StringComparison.Ordinal));
        Assert.False(File.Exists(lockPath));
    }

    [Fact]
    public void ADamagedArtefactIsRecomputedAloneAndVerifyStopsNamingTheFile()
    {
        using var tmp = new TempDir();
        var t = new TwoTasks();
        var runner = new ExperimentRunner(t.Plan);
        var opts = new RunOptions { OutputDirectory = tmp.Path };
        runner.Run(Config, tmp.Path, opts, null, CancellationToken.None);
        var plan = t.Plan(Config, tmp.Path);
        string features = Path.Combine(tmp.Path, "artefacts", "features", plan.Tasks[0].Hash, "x.txt");
        string probesDone = Path.Combine(tmp.Path, "artefacts", "probes", plan.Tasks[1].Hash, ".done");

        File.WriteAllText(features, "featureZ");                                       // same size, one byte changed
        var messages = new List<string>();
        var repaired = runner.Run(Config, tmp.Path, opts, new SyncProgress<RunProgress>(p => messages.Add(p.Message)), CancellationToken.None);
        Assert.True(repaired.Succeeded);
        Assert.Equal((2, 1), (t.Features.N, t.Probes.N));                                // only the damaged artefact is recomputed
        Assert.Equal("features", File.ReadAllText(features));
        Assert.Contains(messages, m => m.Contains(features + ": damaged: expected SHA-256", StringComparison.Ordinal) && m.EndsWith("recomputing it", StringComparison.Ordinal));
        Assert.Contains("1 recomputed because damaged (test features: x.txt)", repaired.Stages.Single(s => s.Stage == "features").Note, StringComparison.Ordinal);
        Assert.Equal((1, 0), (repaired.Stages.Single(s => s.Stage == "features").Computed, repaired.Stages.Single(s => s.Stage == "probes").Computed));

        File.WriteAllText(features, "feature");                                        // truncated
        var verify = Assert.Throws<ConcordException>(() => runner.Run(Config, tmp.Path, opts with { Verify = true }, null, CancellationToken.None));
        Assert.StartsWith(features + ": damaged: expected 8 bytes, found 7 bytes", verify.Message, StringComparison.Ordinal);
        Assert.Equal(2, t.Features.N);                                                   // --verify stops; it does not recompute
        Assert.Equal("feature", File.ReadAllText(features));
        runner.Run(Config, tmp.Path, opts, null, CancellationToken.None);
        Assert.Equal((3, 1), (t.Features.N, t.Probes.N));

        // A marker written before manifests: --verify cannot check it; a plain run accepts it and records its manifest.
        File.WriteAllText(probesDone, "2026-01-01T00:00:00.0000000Z");
        var old = Assert.Throws<ConcordException>(() => runner.Run(Config, tmp.Path, opts with { Verify = true }, null, CancellationToken.None));
        Assert.Contains(probesDone + ": written by an earlier Concord without a file manifest", old.Message, StringComparison.Ordinal);
        Assert.True(runner.Run(Config, tmp.Path, opts, null, CancellationToken.None).Succeeded);
        Assert.True(runner.Run(Config, tmp.Path, opts with { Verify = true }, null, CancellationToken.None).Succeeded);
        Assert.Equal((3, 1), (t.Features.N, t.Probes.N));
    }

    [Fact]
    public void AWorkerRefusesADamagedInputNamingTheFile()
    {
        using var tmp = new TempDir();
        var t = new TwoTasks();
        var runner = new ExperimentRunner(t.Plan);
        var plan = t.Plan(Config, tmp.Path);
        runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, TaskId = plan.Tasks[0].Id }, null, CancellationToken.None);
        string features = Path.Combine(tmp.Path, "artefacts", "features", plan.Tasks[0].Hash, "x.txt");
        File.Delete(features);
        var ex = Assert.Throws<ConcordException>(() =>
            runner.Run(Config, tmp.Path, new RunOptions { OutputDirectory = tmp.Path, TaskId = plan.Tasks[1].Id }, null, CancellationToken.None));
        Assert.Contains(features + ": missing", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(tmp.Path, "artefacts", "probes", plan.Tasks[1].Hash)));
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
