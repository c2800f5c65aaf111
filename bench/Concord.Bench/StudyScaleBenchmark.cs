using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Concord.Study.Config;
using Concord.Study.Running;

namespace Concord.Bench;

/// <summary>
/// study-scale (issue 13): one fixed study run as a user runs it (<c>concord run CONFIG --out DIR --jobs J</c>, a process),
/// with this build and <c>activations.keep: untilConsumed</c> ("after"), and, with <c>--baseline DIR</c>, with another
/// build's published CLI on the unchanged config ("before"), in the same session. For each run it prints the wall time,
/// the process's peak RSS (VmHWM, polled), each stage's summed task wall and CPU time with its share of the total,
/// the run folder's size and the ratio of that size to the mel cache plus the trained models (target ≤ 2 with
/// untilConsumed). Targets: probes ≤ 25 % of the study's time, peak RSS ≤ 4 GB.
/// Args: [--config PATH] (default configs/realistic-fluidsynth.json; configs/study-scale.json is the issue's fixed small
/// paper-profile study at 3,000 notes) [--notes N] [--jobs J] [--baseline PUBLISHED-CLI-DIR] [--keep]
/// </summary>
public sealed class StudyScaleBenchmark : IBenchmark
{
    public string Name => "study-scale";
    public string Description => "one study as a process, this build (keep untilConsumed) vs a baseline build: stage times and shares, peak RSS, run folder vs mel cache + models";

    public int Run(string[] args)
    {
        string repo = BenchPaths.RepoRoot();
        int i = Array.IndexOf(args, "--config");
        string configPath = Path.GetFullPath(i >= 0 && i + 1 < args.Length ? args[i + 1] : Path.Combine(repo, "configs", "realistic-fluidsynth.json"));
        int b = Array.IndexOf(args, "--baseline");
        string? baseline = b >= 0 && b + 1 < args.Length ? Path.GetFullPath(args[b + 1]) : null;
        int notes = BenchArgs.Int(args, "--notes", 0), jobs = BenchArgs.Int(args, "--jobs", 2);
        string root = Path.Combine(Path.GetTempPath(), "concord-study-scale-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            // "after": the same config with activations.keep untilConsumed, written with absolute dataset paths.
            var config = ExperimentConfigLoader.Load(configPath);
            string configDir = Path.GetDirectoryName(configPath)!;
            var after = config with
            {
                Activations = config.Activations with { Keep = ActivationKeep.UntilConsumed },
                Dataset = config.Dataset with { Path = config.Dataset.Path is { } p ? Path.GetFullPath(Path.Combine(configDir, p)) : null },
            };
            string afterConfig = Path.Combine(root, "after.json");
            File.WriteAllText(afterConfig, ExperimentConfigLoader.ToJson(after));
            string cli = Path.Combine(repo, "src", "Concord.Cli", "bin", "Release", "net10.0", "concord.dll");
            if (!File.Exists(cli)) { Console.WriteLine($"{cli}: build the CLI first (dotnet build src/Concord.Cli -c Release)"); return 1; }
            Console.WriteLine($"study-scale: {configPath}{(notes > 0 ? $", {notes} notes" : "")}, --jobs {jobs}, {Environment.ProcessorCount} cores, load {SimilarityBenchmark.LoadAverage()}");
            var results = new List<(string What, Measured M)>();
            if (baseline is not null)
                results.Add(("before (" + baseline + ", keep all)", Measure(Path.Combine(baseline, "concord.dll"), configPath, Path.Combine(root, "before"), notes, jobs)));
            results.Add(("after (this build, keep untilConsumed)", Measure(cli, afterConfig, Path.Combine(root, "after"), notes, jobs)));
            foreach (var (what, m) in results) Print(what, m);
            return results.All(r => r.M.Exit == 0) ? 0 : 1;
        }
        finally
        {
            if (!args.Contains("--keep")) try { Directory.Delete(root, true); } catch (IOException) { }
        }
    }

    private sealed record Measured(int Exit, double Wall, long PeakRss, IReadOnlyList<(string Kind, int Tasks, double Seconds, double? Cpu)> Stages,
        double Waited, long RunBytes, long MelBytes, long ModelBytes, long ActivationBytes);

    private static Measured Measure(string dll, string config, string runDir, int notes, int jobs)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { dll, "run", config, "--out", runDir, "--jobs", jobs.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        if (notes > 0) { psi.ArgumentList.Add("--limit-notes"); psi.ArgumentList.Add(notes.ToString(CultureInfo.InvariantCulture)); }
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine("  | " + e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        long peak = 0;
        while (!p.WaitForExit(500)) peak = Math.Max(peak, HighWaterMark(p.Id));
        double wall = sw.Elapsed.TotalSeconds;
        var costs = TaskCost.ReadAll(runDir).Values;
        var stages = costs.GroupBy(c => c.Kind)
            .Select(g => (g.Key, g.Count(), g.Sum(c => c.Seconds), g.All(c => c.CpuSeconds is not null) ? g.Sum(c => c.CpuSeconds!.Value) : (double?)null)).OrderByDescending(s => s.Item3).ToList();
        string artefacts = Path.Combine(runDir, "artefacts");
        return new Measured(p.ExitCode, wall, peak, stages, costs.Sum(c => c.WaitedSeconds), Bytes(runDir, "*"), Bytes(Path.Combine(artefacts, "prepare"), "*"),
            Bytes(Path.Combine(artefacts, "train"), "model.bin"), Bytes(Path.Combine(artefacts, "extract"), "*.npy") + Bytes(Path.Combine(artefacts, "extract-onnx"), "*.npy"));
    }

    private static void Print(string what, Measured m)
    {
        double total = m.Stages.Sum(s => s.Seconds);
        Console.WriteLine($"{what}: exit {m.Exit}, {m.Wall:F0} s wall, peak RSS {m.PeakRss / 1e9:F2} GB (target ≤ 4 GB); load {SimilarityBenchmark.LoadAverage()}");
        foreach (var (kind, tasks, seconds, cpu) in m.Stages)
            Console.WriteLine($"    {kind,-13} {tasks,4} tasks  {seconds,8:F1} s task wall  {(cpu is double c ? c.ToString("F1", CultureInfo.InvariantCulture) + " CPU-s" : "CPU-s n/a (ran beside another task)"),-34}  {100 * seconds / Math.Max(total, 1e-9),5:F1} % of the task time");
        double probes = m.Stages.Where(s => s.Kind == "probes").Sum(s => s.Seconds);
        Console.WriteLine($"    probes: {100 * probes / Math.Max(total, 1e-9):F1} % of the task time (target ≤ 25 %); tasks waited {m.Waited:F1} s in all "
            + "for the shared memory budget (not task time)");
        Console.WriteLine($"    run folder {m.RunBytes / 1e6:F1} MB; mel cache (prepare) {m.MelBytes / 1e6:F1} MB + models {m.ModelBytes / 1e6:F1} MB; activations left {m.ActivationBytes / 1e6:F1} MB; " +
            $"ratio {m.RunBytes / (double)Math.Max(1, m.MelBytes + m.ModelBytes):F2} (target ≤ 2 with untilConsumed)");
    }

    /// <summary>VmHWM of a process in bytes (0 when it has exited or cannot be read).</summary>
    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    // "VmHWM:\t 6779600 kB", or "VmHWM:\t10240000 kB" from 10 GB on (no space after the tab).
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }

    private static long Bytes(string dir, string pattern) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
}
