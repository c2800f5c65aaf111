using System.ComponentModel;
using System.Diagnostics;
using Concord.Study.Cluster;
using Concord.Study.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary>
/// <c>concord slurm CONFIG</c>: writes the sbatch scripts of the study's unfinished tasks into RUN/slurm/ (one job
/// array per level of the plan, <c>afterok</c> between levels, a collect-and-report job last) and submits them with
/// <c>sbatch</c>, printing the job ids. <c>--dry-run</c> only writes the scripts.
/// </summary>
public sealed class SlurmCommand : Command<SlurmCommand.Settings>
{
    public sealed class Settings : StudySettings
    {
        [CommandOption("--partition <P>")]
        [Description("Slurm partition.")]
        public string? Partition { get; init; }

        [CommandOption("--time <T>")]
        [Description("Time limit per task, in Slurm's format (e.g. 02:00:00).")]
        public string? Time { get; init; }

        [CommandOption("--cpus-per-task <C>")]
        [Description("CPUs per task (default: the config's threads).")]
        public int? CpusPerTask { get; init; }

        [CommandOption("--mem <M>")]
        [Description("Memory per task (e.g. 8G).")]
        public string? Mem { get; init; }

        [CommandOption("--gres <G>")]
        [Description("Generic resources per task, e.g. gpu:1 (needs a CUDA build, see docs/cluster.md).")]
        public string? Gres { get; init; }

        [CommandOption("--concord <COMMAND>")]
        [Description("How a node starts Concord (default: this very executable, e.g. \"/usr/bin/dotnet /path/concord.dll\").")]
        public string? Concord { get; init; }

        [CommandOption("--dry-run")]
        [Description("Write the scripts, do not submit.")]
        public bool DryRun { get; init; }

        public override ValidationResult Validate()
        {
            var b = base.Validate();
            if (!b.Successful) return b;
            if (CpusPerTask is <= 0) return ValidationResult.Error("--cpus-per-task must be > 0");
            if (Concord is not null && string.IsNullOrWhiteSpace(Concord)) return ValidationResult.Error("--concord: empty command");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (config, configDir) = settings.Load();
        var options = settings.Options();
        var runner = StudyRunner.Create();
        var (resolved, plan) = runner.Resolve(config, configDir, options);
        if (resolved.Threads is not int threads)
            throw new ConcordException($"{options.ConfigSource}: threads: set it (e.g. \"threads\": 2) for a cluster run: every task computes with exactly that many threads "
                                       + "(it is part of every result's identity, so nodes with different core counts agree), and --cpus-per-task defaults to it");
        RunReporter.WarnUncomputableMeasures(resolved, configDir);   // once, here, not in every worker
        string runDir = ExperimentRunner.RunDirectory(resolved, configDir, options);
        Concord.IO.AtomicFile.EnsureWritableDirectory(runDir);
        Concord.IO.AtomicFile.WriteAllText(Path.Combine(runDir, ExperimentRunner.PlanFile), PlanJson.Write(plan));
        var slurm = new SlurmOptions
        {
            Partition = settings.Partition, Time = settings.Time, CpusPerTask = settings.CpusPerTask, Memory = settings.Mem, Gres = settings.Gres,
            Concord = settings.Concord is { } c ? c.Split(' ', StringSplitOptions.RemoveEmptyEntries) : SelfCommand(),
            ConfigPath = Path.GetFullPath(settings.Config), RunDirectory = runDir, RunArguments = settings.LimitArguments().ToList(),
        };
        var jobs = SlurmScripts.Write(plan, slurm, threads);
        int tasks = jobs.Where(j => j.Level >= 0).Sum(j => j.TaskIds.Count);
        AnsiConsole.MarkupLine(Markup.Escape($"{tasks} unfinished task(s) of {plan.Tasks.Count - 1} in {jobs.Count - 1} job array(s) + collect → {Path.Combine(runDir, SlurmScripts.Folder)}"));
        if (settings.DryRun)
        {
            foreach (var j in jobs) AnsiConsole.MarkupLine(Markup.Escape($"{j.Name}: {j.TaskIds.Count} task(s)  {j.ScriptPath}"));
            return 0;
        }
        string sbatch = FindOnPath("sbatch")
            ?? throw new ConcordException($"sbatch not found on PATH: this machine cannot submit to Slurm; the scripts are written in {Path.Combine(runDir, SlurmScripts.Folder)} (submit them from a login node, or use --dry-run)");
        var ids = new List<string>();
        foreach (var j in jobs)
        {
            var args = SlurmScripts.SbatchArguments(j, ids);
            var psi = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
                throw new ConcordException($"sbatch {j.ScriptPath} failed (exit {p.ExitCode}): {stderr.Trim()}" + (ids.Count > 0 ? $"; jobs already submitted: {string.Join(", ", ids)} (scancel them or let them run)" : ""));
            string id = stdout.Trim().Split(';')[0];
            ids.Add(id);
            AnsiConsole.MarkupLine(Markup.Escape($"submitted {j.Name} as job {id} ({j.TaskIds.Count} task(s){(args.Count > 2 ? ", " + args[1] : "")})"));
        }
        Console.Out.WriteLine(string.Join(' ', ids));
        return 0;
    }

    /// <summary>The command line of this process: the apphost, or the dotnet host and the entry assembly.</summary>
    private static IReadOnlyList<string> SelfCommand()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        string entry = System.Reflection.Assembly.GetEntryAssembly()?.Location ?? "";
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && entry.Length > 0 ? [process, entry] : [process];
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
