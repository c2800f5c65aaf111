using Concord.Tests.Infrastructure;

namespace Concord.Tests.Cli;

/// <summary>Issue 12's bad-input cases of <c>concord slurm</c>, through the real CLI process (no Slurm needed).</summary>
public sealed class SlurmCommandTests
{
    private static string Tiny => TestPaths.Reference("experiments", "tiny.json");

    /// <summary>A PATH holding only the dotnet host's folder, so no sbatch is found.</summary>
    private static Dictionary<string, string> WithoutSbatch()
    {
        string dotnet = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet")).First(File.Exists);
        string real = new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(dotnet);
        string dir = Path.GetDirectoryName(real)!;
        Assert.False(File.Exists(Path.Combine(dir, "sbatch")), $"{dir} holds both dotnet and sbatch");
        return new() { ["PATH"] = dir };
    }

    [Fact]
    public void WithoutSbatchItSaysSoExitsOneAndStillWritesTheScripts()
    {
        using var tmp = new TempDir();
        string run = Path.Combine(tmp.Path, "run");
        var (exit, _, stderr) = CliProcess.Run(["slurm", Tiny, "--out", run, "--partition", "short", "--gres", "gpu:1"], tmp.Path, TimeSpan.FromMinutes(2), WithoutSbatch());
        Assert.Equal(1, exit);
        Assert.Contains("sbatch not found", stderr);
        var scripts = Directory.GetFiles(Path.Combine(run, "slurm"), "*.sbatch");
        Assert.Contains(scripts, s => s.EndsWith("concord-collect.sbatch", StringComparison.Ordinal));
        string level1 = File.ReadAllText(scripts.Single(s => s.EndsWith("concord-L1.sbatch", StringComparison.Ordinal)));
        Assert.Contains("#SBATCH --array=0-", level1);
        Assert.Contains("#SBATCH --partition=short", level1);
        Assert.Contains("#SBATCH --gres=gpu:1", level1);
        Assert.Contains("#SBATCH --cpus-per-task=1", level1);          // the config's threads
        Assert.Contains("--task \"${TASKS[${SLURM_ARRAY_TASK_ID}]}\"", level1);
        Assert.Contains("  train-", level1);
    }

    [Fact]
    public void DryRunWritesScriptsForUnfinishedTasksOnly()
    {
        using var tmp = new TempDir();
        string run = Path.Combine(tmp.Path, "run");
        var (exit, stdout, stderr) = CliProcess.Run(["slurm", Tiny, "--out", run, "--dry-run"], tmp.Path, TimeSpan.FromMinutes(2), WithoutSbatch());
        Assert.True(exit == 0, stderr);
        Assert.Contains("concord-L0", stdout);
        Assert.True(File.Exists(Path.Combine(run, "slurm", "concord-L0.sbatch")));
        // Once prepare is finished, a resubmission leaves it out: level 0 has no script any more.
        string prepare = File.ReadAllText(Path.Combine(run, "slurm", "concord-L0.sbatch")).Split('\n').Single(l => l.StartsWith("  prepare-", StringComparison.Ordinal)).Trim();
        var (runExit, _, runErr) = CliProcess.Run(["run", Tiny, "--out", run, "--task", prepare], tmp.Path, TimeSpan.FromMinutes(2));
        Assert.True(runExit == 0, runErr);
        (exit, _, stderr) = CliProcess.Run(["slurm", Tiny, "--out", run, "--dry-run"], tmp.Path, TimeSpan.FromMinutes(2), WithoutSbatch());
        Assert.True(exit == 0, stderr);
        Assert.False(File.Exists(Path.Combine(run, "slurm", "concord-L0.sbatch")));
        Assert.DoesNotContain(prepare, string.Concat(Directory.GetFiles(Path.Combine(run, "slurm"), "*.sbatch").Select(File.ReadAllText)));
    }

    [Fact]
    public void AConfigWithoutThreadsIsRefusedForACluster()
    {
        using var tmp = new TempDir();
        string config = Path.Combine(tmp.Path, "c.json");
        File.WriteAllText(config, File.ReadAllText(Tiny).Replace("\"threads\": 1,", ""));
        var (exit, _, stderr) = CliProcess.Run(["slurm", config, "--out", Path.Combine(tmp.Path, "run"), "--dry-run"], tmp.Path, TimeSpan.FromMinutes(2));
        Assert.Equal(1, exit);
        Assert.Contains("threads: set it", stderr);
    }
}
