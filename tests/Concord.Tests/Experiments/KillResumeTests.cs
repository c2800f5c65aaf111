using System.Text.Json.Nodes;
using Concord.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Concord.Tests.Experiments;

/// <summary>
/// One uninterrupted <c>concord run</c> of <c>Reference/experiments/resume.json</c> (the tiny study with two epochs),
/// shared by the determinism and kill/resume tests. Every run of these tests uses the same run-folder path
/// (<see cref="RunPath"/>): the prepared cache records absolute audio paths, so runs are compared at one path and the
/// reference is moved aside afterwards (<see cref="ReferencePath"/>).
/// </summary>
public sealed class ResumeStudy : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly TempDir _root = new();

    public string Config { get; } = TestPaths.Reference("experiments", "resume.json");
    public string RunPath => Path.Combine(_root.Path, "run");
    public string ReferencePath => Path.Combine(_root.Path, "reference");
    public string Scratch => Path.Combine(_root.Path, "scratch");
    public RunSnapshot Reference { get; }

    public ResumeStudy()
    {
        var (exit, stdout, stderr) = Run();
        Assert.True(exit == 0, $"clean run: exit {exit}\n{stderr}\n{stdout}");
        Reference = RunSnapshot.Of(RunPath);
        Directory.Move(RunPath, ReferencePath);
    }

    /// <summary><c>concord run resume.json --out RUN</c>, with <c>CONCORD_TEST_KILL_AT</c> set to <paramref name="killAt"/> if given.</summary>
    public (int Exit, string Stdout, string Stderr) Run(string? killAt = null) =>
        CliProcess.Run(["run", Config, "--out", RunPath], _root.Path, Timeout,
            killAt is null ? null : new Dictionary<string, string> { ["CONCORD_TEST_KILL_AT"] = killAt });

    /// <summary>Removes the run folder (these tests' own temp folder) before a test starts from nothing.</summary>
    public void ClearRun()
    {
        if (Directory.Exists(RunPath)) Directory.Delete(RunPath, recursive: true);
    }

    public void Dispose() => _root.Dispose();
}

/// <summary>
/// Issue 8 §2–3 and issue 7's kill/resume acceptance: <c>concord run</c> started as a process, killed with SIGKILL at
/// nine points across the stages (through the test-only <c>CONCORD_TEST_KILL_AT</c> hook, see
/// <c>TestKillSwitch</c>) and rerun to completion, ends with the same results.db content and artefacts as an
/// uninterrupted run; two clean runs are identical. Comparison rules: <see cref="RunSnapshot"/>.
/// </summary>
public sealed class KillResumeTests(ResumeStudy study, ITestOutputHelper output) : IClassFixture<ResumeStudy>
{
    private static string[] Dirs(string run, string stage, string pattern = "*")
    {
        string d = Path.Combine(run, "artefacts", stage);
        return Directory.Exists(d) ? Directory.GetDirectories(d, pattern) : [];
    }

    private static bool Done(string dir) => File.Exists(Path.Combine(dir, ".done"));

    private static JsonArray ManifestStages(string run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!["stages"]!.AsArray();

    /// <summary>
    /// The kill points, in run order, each with what the killed run folder must show: that the process really stopped
    /// inside that stage (or at that boundary), with partial work on disk where the stage writes as it goes.
    /// </summary>
    private static readonly (string KillAt, string What, Action<string> Evidence)[] KillPoints =
    [
        ("prepare:5", "mid-prepare (synthesising notes)", run =>
        {
            string prepare = Assert.Single(Dirs(run, "prepare"));
            Assert.False(Done(prepare));
            Assert.True(Directory.Exists(Path.Combine(prepare, "notes.tmp")), "the killed synthesis left no partial notes folder");
        }),
        ("features:end", "boundary features → train", run =>
        {
            Assert.Equal(["prepare", "features"], ManifestStages(run).Select(s => s!["stage"]!.GetValue<string>()));
            Assert.Empty(Dirs(run, "train"));
        }),
        ("train:1:seed 10 on instrument_family: epoch 2/2 batch 1/", "mid-epoch 2 of the second network", run =>
        {
            var train = Dirs(run, "train");
            Assert.Equal(2, train.Length);
            Assert.Single(train, Done);
            string partial = train.Single(d => !Done(d));
            Assert.True(File.Exists(Path.Combine(partial, "checkpoint.bin")), "the epoch-1 checkpoint of the killed network is missing");
            Assert.False(File.Exists(Path.Combine(partial, "model.bin")), "the killed network has a final model");
        }),
        ("extract:3", "mid-extraction (first network, second batch)", run =>
        {
            var tmp = Assert.Single(Dirs(run, "extract", "*.tmp-*"));
            Assert.NotEmpty(Directory.GetFiles(tmp, "*.npy.tmp-*"));
        }),
        ("probes:6", "mid-probes", run =>
        {
            Assert.Contains(Dirs(run, "probes"), Done);
            Assert.DoesNotContain(ManifestStages(run), s => s!["stage"]!.GetValue<string>() == "probes");
        }),
        ("similarity:4", "mid-similarity", run =>
        {
            Assert.Contains(Dirs(run, "similarity"), Done);
            Assert.DoesNotContain(ManifestStages(run), s => s!["stage"]!.GetValue<string>() == "similarity");
        }),
        ("deep-vs-deep:end", "boundary deep-vs-deep → exploration", run =>
        {
            Assert.Equal("deep-vs-deep", ManifestStages(run)[^1]!["stage"]!.GetValue<string>());
            Assert.Empty(Dirs(run, "exploration"));
            Assert.False(Directory.Exists(Path.Combine(run, "tables")));
        }),
        ("exploration:4", "mid-exploration (example spectrograms and class traces computed, not yet stored)", run =>
        {
            Assert.DoesNotContain(Dirs(run, "exploration"), Done);
            Assert.Single(Dirs(run, "exploration", "*.tmp-*"));
            Assert.DoesNotContain(ManifestStages(run), s => s!["stage"]!.GetValue<string>() == "exploration");
        }),
        ("report:3", "mid-report (2 table files written, report.html not yet; the runner's \"writing\" report is the 1st)", run =>
        {
            Assert.Equal(2, Directory.GetFiles(Path.Combine(run, "tables")).Count(f => !f.Contains(".tmp-", StringComparison.Ordinal)));
            Assert.False(File.Exists(Path.Combine(run, "report.html")));
        }),
    ];

    [Fact]
    public void KilledAtNinePointsAndRerunGivesTheSameResultsAndArtefacts()
    {
        study.ClearRun();
        foreach (var (killAt, what, evidence) in KillPoints)
        {
            var (exit, _, stderr) = study.Run(killAt);
            Assert.True(exit == 137, $"{what}: expected death by SIGKILL (exit 137), got exit {exit}: {stderr}");
            Assert.Contains("SIGKILL at", stderr, StringComparison.Ordinal);
            evidence(study.RunPath);
            int npy = RunFolderChecks.AssertNoPartialNpy(study.RunPath);
            long rows = RunFolderChecks.AssertResultsDbIntact(study.RunPath, study.Scratch);
            output.WriteLine($"killed {what} ({killAt}): {stderr.Split('\n')[^1]}; {npy} complete .npy, {rows} result rows, WAL, integrity ok");
        }
        var (final, stdout, err) = study.Run();
        Assert.True(final == 0, $"rerun after the kills: exit {final}\n{err}\n{stdout}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(study.RunPath, "*.tmp-*", SearchOption.AllDirectories));
        RunFolderChecks.AssertNoPartialNpy(study.RunPath);
        RunSnapshot.Of(study.RunPath).AssertSameAs(study.Reference, "killed 9 times and rerun vs uninterrupted");
    }

    [Fact]
    public void KeepingActivationsOnlyUntilConsumedGivesTheSameResultsAndLeavesNone()
    {
        study.ClearRun();
        Directory.CreateDirectory(study.Scratch);
        string config = Path.Combine(study.Scratch, "resume-until-consumed.json");
        string text = File.ReadAllText(study.Config);
        Assert.Contains("\"threads\": 1,", text, StringComparison.Ordinal);
        File.WriteAllText(config, text.Replace("\"threads\": 1,", "\"threads\": 1, \"activations\": { \"keep\": \"untilConsumed\" },", StringComparison.Ordinal));
        for (int run = 1; run <= 2; run++)   // the second run resumes a finished study: nothing is recreated
        {
            var (exit, stdout, stderr) = CliProcess.Run(["run", config, "--out", study.RunPath], study.Scratch, ResumeStudy.Timeout);
            Assert.True(exit == 0, $"run {run} with activations.keep untilConsumed: exit {exit}\n{stderr}\n{stdout}");
            Assert.Equal(run == 1, stdout.Contains("deleted its activation files", StringComparison.Ordinal));
            Assert.DoesNotContain("recreating", stdout, StringComparison.Ordinal);
            var snapshot = RunSnapshot.Of(study.RunPath);
            Assert.True(study.Reference.ResultsFingerprint == snapshot.ResultsFingerprint, $"run {run}: results.db differs from the run that kept every activation");
            Assert.Contains(study.Reference.Files.Keys, k => k.StartsWith("artefacts/extract/", StringComparison.Ordinal) && k.EndsWith(".npy", StringComparison.Ordinal));
            Assert.DoesNotContain(snapshot.Files.Keys, k => k.StartsWith("artefacts/extract/", StringComparison.Ordinal) && k.EndsWith(".npy", StringComparison.Ordinal));
            Assert.Contains("activations.keep &#39;untilConsumed&#39; deleted the activation files of", File.ReadAllText(Path.Combine(study.RunPath, "report.html")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TwoCleanRunsAreIdentical()
    {
        study.ClearRun();
        var (exit, stdout, stderr) = study.Run();
        Assert.True(exit == 0, $"second clean run: exit {exit}\n{stderr}\n{stdout}");
        var second = RunSnapshot.Of(study.RunPath);
        second.AssertSameAs(study.Reference, "second clean run vs first");
        Assert.Contains(second.Files.Keys, k => k.EndsWith("/model.bin", StringComparison.Ordinal));
        Assert.Contains(second.Files.Keys, k => k.EndsWith(".npy", StringComparison.Ordinal));
        Assert.Contains("report.html", second.Files.Keys);
        Assert.NotEmpty(second.ResultsFingerprint);
        // The manifest records how libtorch was set up (the convolution known-answer check's decision, process settings).
        var environment = JsonNode.Parse(File.ReadAllText(Path.Combine(study.RunPath, "manifest.json")))!["computeEnvironment"]!;
        Assert.Contains("convolutions", environment["convolutions"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("allocator", environment["process"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
