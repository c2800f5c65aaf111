using System.Text.Json;
using System.Text.Json.Nodes;
using Concord.Experiments;
using Concord.Study.Running;
using Concord.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Concord.Tests.Experiments;

/// <summary>
/// Issue 14 through the CLI as a process, on the tiny study (<c>Reference/experiments/tiny.json</c>): a corrupted model
/// byte and feature file are found (and stop a <c>--verify</c> run naming the file), only their two artefacts are
/// recomputed, and results.db ends with the clean run's fingerprint; a diverging network is recorded as diverged while
/// everything that does not read it is measured. The demo-sized version of the first is <c>bench corrupt-rerun</c>.
/// </summary>
public sealed class IntegrityCliTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private static string TinyConfig => TestPaths.Reference("experiments", "tiny.json");

    private static (int Exit, string Stdout, string Stderr) Run(string workDir, params string[] args) => CliProcess.Run(["run", .. args], workDir, Timeout);

    /// <summary>Flips one bit of the file's last byte (the data of a model archive or an .npy, never its header).</summary>
    private static void FlipLastByte(string path)
    {
        var b = File.ReadAllBytes(path);
        b[^1] ^= 0x01;
        File.WriteAllBytes(path, b);
    }

    private static Dictionary<string, int> Computed(string run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!["stages"]!.AsArray()
            .ToDictionary(s => s!["stage"]!.GetValue<string>(), s => s!["computed"]!.GetValue<int>());

    [Fact]
    public void ACorruptedModelAndFeatureFileAreFoundAndOnlyTheirArtefactsAreRecomputed()
    {
        using var tmp = new TempDir();
        string run = tmp.File("run");
        var clean = Run(tmp.Path, TinyConfig, "--out", run);
        Assert.True(clean.Exit == 0, $"clean run: exit {clean.Exit}\n{clean.Stderr}\n{clean.Stdout}");
        string cleanFingerprint = RunStatus.Read(run).ResultsFingerprint!;

        string model = Directory.GetDirectories(Path.Combine(run, "artefacts", "train")).Order(StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "model.bin")).First(File.Exists);
        string feature = Directory.GetFiles(Path.Combine(run, "artefacts", "features"), "*.npy", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        FlipLastByte(model);
        FlipLastByte(feature);

        // --verify: the first damaged artefact stops the run, one error line naming the file; nothing is recomputed.
        var verify = Run(tmp.Path, TinyConfig, "--out", run, "--verify");
        output.WriteLine($"--verify: exit {verify.Exit}: {verify.Stderr}");
        Assert.Equal(1, verify.Exit);
        string line = Assert.Single(verify.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {feature}: damaged: expected SHA-256 ", line, StringComparison.Ordinal);   // features run before train
        Assert.Contains("rerun without --verify to recompute it", line, StringComparison.Ordinal);

        // A plain rerun logs each damaged file, recomputes exactly those two artefacts and reuses everything else.
        var repair = Run(tmp.Path, TinyConfig, "--out", run);
        output.WriteLine(repair.Stdout);
        Assert.True(repair.Exit == 0, $"repair run: exit {repair.Exit}\n{repair.Stderr}\n{repair.Stdout}");
        Assert.Contains($"{model}: damaged: expected SHA-256 ", repair.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{feature}: damaged: expected SHA-256 ", repair.Stdout, StringComparison.Ordinal);
        var computed = Computed(run);
        Assert.Equal(1, computed["features"]);
        Assert.Equal(1, computed["train"]);
        Assert.All(computed.Where(kv => kv.Key is not ("features" or "train" or "report")), kv => Assert.True(kv.Value == 0, $"{kv.Key}: {kv.Value} computed"));
        Assert.Equal(cleanFingerprint, RunStatus.Read(run).ResultsFingerprint);

        var again = Run(tmp.Path, TinyConfig, "--out", run, "--verify");
        Assert.True(again.Exit == 0, $"--verify after the repair: exit {again.Exit}\n{again.Stderr}");
    }

    [Fact]
    public void ADivergingNetworkIsRecordedAndEverythingThatDoesNotReadItIsMeasured()
    {
        using var tmp = new TempDir();
        var config = JsonNode.Parse(File.ReadAllText(TinyConfig), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        config["training"]!["learningRate"] = 1e10;
        string path = tmp.File("diverge.json");
        File.WriteAllText(path, config.ToJsonString());
        string run = tmp.File("run");
        var r = Run(tmp.Path, path, "--out", run);
        output.WriteLine(r.Stdout);
        Assert.True(r.Exit == 1, $"exit {r.Exit} (expected 1: a task did not finish)\n{r.Stderr}\n{r.Stdout}");
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);

        using var store = ResultsStore.OpenExisting(run);
        var study = store.LoadStudy();
        Assert.Equal([1, 10], study.Run.Diverged.Select(d => d.Seed).Order());
        Assert.All(study.Run.Diverged, d => Assert.Equal(1, d.Epoch));
        Assert.All(study.Run.Diverged, d => Assert.Matches("loss is|weight '", d.Reason));
        var train = study.Run.Stages.Single(s => s.Stage == "train");
        Assert.Equal(StageStatus.Failed, train.Status);
        Assert.Contains("diverged at epoch 1", train.Note, StringComparison.Ordinal);
        Assert.Empty(study.TrainingEpochs);
        // Every task that does not read a trained network ran: the features, the untrained twins' extraction and their
        // probes, hand-crafted decoding and chance. (A similarity task of a tap also holds the trained-vs-untrained
        // pairs, and exploration projects a trained conv3, so those read a diverged network and are not measured.)
        Assert.Contains(study.Probes, p => p.Source.Kind == RepresentationKind.Handcrafted);
        Assert.Contains(study.Probes, p => p.Source.Kind == RepresentationKind.Chance);
        Assert.Contains(study.Probes, p => p.Source.Trained == false);
        Assert.DoesNotContain(study.Probes, p => p.Source.Trained == true);
        Assert.Contains("3 of 5 task(s) did not finish", study.Run.Stages.Single(s => s.Stage == "extract").Note, StringComparison.Ordinal);
        Assert.Equal(StageStatus.Done, study.Run.Stages.Single(s => s.Stage == "features").Status);

        string html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(run, "report.html")));
        Assert.Contains("Diverged: 2 network(s) whose training stopped on a non-finite loss or weight", html, StringComparison.Ordinal);
        Assert.Contains(study.Run.Diverged[0].Where, html, StringComparison.Ordinal);
        string table = File.ReadAllText(Path.Combine(run, "tables", "training-diverged.csv"));
        Assert.Contains("Regular", table, StringComparison.Ordinal);
    }
}
