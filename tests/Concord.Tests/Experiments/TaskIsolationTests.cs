using Concord.Experiments;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Study.Stages;
using Concord.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Concord.Tests.Experiments;

/// <summary>
/// Issue 12: every dependency a task reads is declared. Each task of the tiny study runs as
/// <c>concord run --task ID</c> in a fresh process, in a run folder from which every artefact that is not one of its
/// declared inputs has been moved away; the collect task then gathers them, and results.db matches a plain
/// in-process run of the same config. The config adds an imported network (two tensors, trained and untrained graphs),
/// so the imported network's tasks are checked too.
/// </summary>
public sealed class TaskIsolationTests(ITestOutputHelper output)
{
    private static string TinyConfig => TestPaths.Reference("experiments", "tiny.json");

    /// <summary>tiny.json plus an imported network, written next to the run.</summary>
    private static string WriteConfig(string dir)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TinyConfig), documentOptions: new System.Text.Json.JsonDocumentOptions
        {
            CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
        })!.AsObject();
        node["networks"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "tagger", ["onnx"] = TestPaths.Reference("onnx", "study_cnn.onnx"), ["untrainedOnnx"] = TestPaths.Reference("onnx", "study_cnn_untrained.onnx"),
            ["layers"] = new System.Text.Json.Nodes.JsonArray("/conv1/Conv_output_0", "/pool2/MaxPool_output_0"),
        });
        string path = Path.Combine(dir, "tiny-imported.json");
        File.WriteAllText(path, node.ToJsonString());
        return path;
    }
    private static readonly string[] Limits = ["--limit-seeds", "1"];

    [Fact]
    public void EveryTaskRunsInAFreshProcessThatSeesOnlyItsDeclaredInputs()
    {
        using var tmp = new TempDir();
        string Config = WriteConfig(tmp.Path);
        string run = Path.Combine(tmp.Path, "run"), stash = Path.Combine(tmp.Path, "stash");
        var runner = ExperimentRunner.Default(null);
        var options = new RunOptions { OutputDirectory = run, LimitSeeds = 1 };
        var (_, plan) = runner.Resolve(ExperimentConfigLoader.Load(Config), Path.GetDirectoryName(Config)!, options);
        Assert.True(plan.Tasks.Count > 15, $"the tiny study has {plan.Tasks.Count} tasks");
        Assert.Equal(2, plan.Tasks.OfType<OnnxExtractTask>().Count());
        foreach (var task in plan.Tasks.Where(t => t is not CollectTask))
        {
            var declared = task.Inputs.Select(i => Path.Combine(run, "artefacts", i.Kind.ToName(), i.Hash)).ToHashSet(StringComparer.Ordinal);
            var hidden = new List<(string From, string To)>();
            string artefacts = Path.Combine(run, "artefacts");
            if (Directory.Exists(artefacts))
                foreach (string kind in Directory.GetDirectories(artefacts))
                    foreach (string folder in Directory.GetDirectories(kind).Where(f => !declared.Contains(f)))
                    {
                        string to = Path.Combine(stash, Path.GetFileName(kind), Path.GetFileName(folder));
                        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                        Directory.Move(folder, to);
                        hidden.Add((folder, to));
                    }
            var (exit, stdout, stderr) = CliProcess.Run(["run", Config, "--out", run, .. Limits, "--task", task.Id], tmp.Path, TimeSpan.FromMinutes(3));
            foreach (var (from, to) in hidden) Directory.Move(to, from);
            Assert.True(exit == 0, $"{task.Id} ({task.Label}) with only its {task.Inputs.Count} declared input(s): exit {exit}\n{stderr}\n{stdout}");
            Assert.True(File.Exists(Path.Combine(run, "artefacts", task.Kind.ToName(), task.Hash, ".done")), $"{task.Id} did not finish");
            output.WriteLine($"{task.Id}: {task.Label} ({task.Inputs.Count} inputs, {hidden.Count} artefacts hidden)");
        }
        Assert.False(File.Exists(Path.Combine(run, ResultsStore.FileName)));   // no worker opened results.db
        var (cexit, cout, cerr) = CliProcess.Run(["run", Config, "--out", run, .. Limits, "--task", plan.Tasks[^1].Id], tmp.Path, TimeSpan.FromMinutes(3));
        Assert.True(cexit == 0, $"collect: exit {cexit}\n{cerr}\n{cout}");
        Assert.All(RunStatus.Read(run).Tasks, t => Assert.Equal(TaskState.Done, t.State));

        string plain = Path.Combine(tmp.Path, "plain");
        var outcome = runner.Run(ExperimentConfigLoader.Load(Config), Path.GetDirectoryName(Config)!, options with { OutputDirectory = plain }, null, CancellationToken.None);
        Assert.True(outcome.Succeeded);
        using var a = ResultsStore.OpenExisting(run);
        using var b = ResultsStore.OpenExisting(plain);
        Assert.Equal(b.ContentFingerprint(), a.ContentFingerprint());
    }

    [Fact]
    public void ReadingAnUndeclaredInputIsABug()
    {
        var c = ExperimentConfigLoader.Load(TinyConfig);
        var plan = StudyPlanner.Plan(c, Path.GetDirectoryName(TinyConfig)!);
        var features = plan.Tasks.OfType<FeaturesTask>().Single();
        var train = plan.Tasks.OfType<TrainTask>().First();
        using var tmp = new TempDir();
        var context = new TaskContext(train, c, tmp.Path, tmp.Path, new ArtefactCache(tmp.Path), null);
        var ex = Assert.Throws<InvalidOperationException>(() => context.Input(features));
        Assert.Contains("not among its declared inputs", ex.Message);
        Assert.Throws<ConcordException>(() => context.Input(train.Prepared));   // declared, but not finished
    }
}
