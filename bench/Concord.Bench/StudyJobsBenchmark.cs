using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Concord.Experiments;
using Concord.Reporting;
using Concord.Study.Config;
using Concord.Study.Running;

namespace Concord.Bench;

/// <summary>
/// study-jobs: the demo config (configs/demo.json) run twice in this process, with <c>--jobs 1</c> and <c>--jobs N</c>
/// (default 2), both with the config's <c>threads</c> set to 1 (a task's thread count is part of its identity, so only
/// single-threaded tasks can run side by side on 2 cores without changing results). Prints both wall times, their
/// ratio, the critical-path bound (the longest chain of measured task times, and total work / N), whether the two
/// results.db fingerprints agree, and how many artefact files differ (after removing wall-clock fields).
/// Args: [--jobs 2] [--threads 1] [--limit-notes N] [--keep]
/// </summary>
public sealed class StudyJobsBenchmark : IBenchmark
{
    public string Name => "study-jobs";
    public string Description => "demo config with --jobs 1 vs --jobs N (threads 1): wall times, critical-path bound, identical results";

    public int Run(string[] args)
    {
        int jobs = BenchArgs.Int(args, "--jobs", 2), threads = BenchArgs.Int(args, "--threads", 1), notes = BenchArgs.Int(args, "--limit-notes", 0);
        string configPath = Path.Combine(BenchPaths.RepoRoot(), "configs", "demo.json");
        var config = ExperimentConfigLoader.Load(configPath) with { Threads = threads };
        string root = Path.Combine(Path.GetTempPath(), "concord-study-jobs-" + Guid.NewGuid().ToString("N")[..8]);
        Console.WriteLine($"convolutions: {Concord.Torch.ConvolutionBackend.Ensure().Description}");
        try
        {
            var runner = ExperimentRunner.Default(ReportWriter.WriteFromStore);
            (double Seconds, RunOutcome Outcome) Timed(int j)
            {
                string dir = Path.Combine(root, $"jobs{j}");
                var options = new RunOptions { OutputDirectory = dir, Jobs = j, LimitNotes = notes > 0 ? notes : null };
                var sw = Stopwatch.StartNew();
                var outcome = runner.Run(config, Path.GetDirectoryName(configPath)!, options, null, CancellationToken.None);
                return (sw.Elapsed.TotalSeconds, outcome);
            }
            var (one, o1) = Timed(1);
            var (many, oN) = Timed(jobs);
            if (!o1.Succeeded || !oN.Succeeded) { Console.WriteLine("a run did not finish: " + string.Join("; ", o1.Stages.Concat(oN.Stages).Where(s => s.Status != StageStatus.Done).Select(s => s.Stage + ": " + s.Note))); return 1; }
            string d1 = Path.Combine(root, "jobs1"), dN = Path.Combine(root, $"jobs{jobs}");
            var (_, plan) = runner.Resolve(config, Path.GetDirectoryName(configPath)!, new RunOptions { OutputDirectory = d1, LimitNotes = notes > 0 ? notes : null });
            var measured = TaskCost.ReadAll(d1);
            var cost = TaskCostModel.Calibrated(plan, measured);
            double work = plan.Tasks.Where(t => measured.ContainsKey(t.Id)).Sum(t => measured[t.Id].Seconds);
            var (critical, path) = plan.CriticalPath(t => measured.TryGetValue(t.Id, out var m) ? m.Seconds : 0);
            using var s1 = ResultsStore.OpenExisting(d1);
            using var sN = ResultsStore.OpenExisting(dN);
            bool same = s1.ContentFingerprint() == sN.ContentFingerprint();
            var h1 = ArtefactHashes(d1);
            var hN = ArtefactHashes(dN);
            int differ = h1.Keys.Union(hN.Keys).Count(k => h1.GetValueOrDefault(k) != hN.GetValueOrDefault(k));
            Console.WriteLine($"study-jobs: demo config, threads {threads}, {plan.Tasks.Count} tasks, {Environment.ProcessorCount} cores");
            Console.WriteLine($"  --jobs 1: {one,7:F1} s");
            Console.WriteLine($"  --jobs {jobs}: {many,7:F1} s   ratio jobs1/jobs{jobs} = {one / many:F2}");
            Console.WriteLine($"  measured task time {work:F1} s; critical path {critical:F1} s ({path.Count} tasks, from {path[0].Label} to {path[^1].Label}); "
                              + $"bound for {jobs} workers = max(critical path, work/{jobs}) = {Math.Max(critical, work / jobs):F1} s");
            Console.WriteLine($"  results.db fingerprints {(same ? "identical" : "DIFFER")}; artefact files compared {h1.Count}, differing {differ}");
            foreach (var k in h1.Keys.Union(hN.Keys).Where(k => h1.GetValueOrDefault(k) != hN.GetValueOrDefault(k)).Order(StringComparer.Ordinal).Take(12))
                Console.WriteLine($"    differs: {k}");
            return same && differ == 0 ? 0 : 1;
        }
        finally
        {
            if (!args.Contains("--keep")) try { Directory.Delete(root, true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// SHA-256 of every artefact file, without wall-clock fields and the run folder's own path: <c>.done</c> markers only
    /// count as present; JSON files lose their <c>seconds</c> and creation-time keys; CSV files their <c>seconds</c>
    /// column; model and checkpoint archives are compared by their tensor bytes.
    /// </summary>
    private static Dictionary<string, string> ArtefactHashes(string runDir)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        string root = Path.Combine(runDir, "artefacts");
        foreach (string f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(root, f);
            if (Path.GetFileName(f) == ".done") { d[rel] = "present"; continue; }
            byte[] b = File.ReadAllBytes(f);
            if (b.AsSpan().StartsWith("CONCORDT"u8))
            {
                int header = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(12));
                d[rel] = Convert.ToHexString(SHA256.HashData(b.AsSpan(16 + header)));
            }
            else if (f.EndsWith(".json", StringComparison.Ordinal))
            {
                var node = JsonNode.Parse(Encoding.UTF8.GetString(b).Replace(runDir, "RUN"));
                Strip(node);
                d[rel] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "")));
            }
            else if (f.EndsWith(".csv", StringComparison.Ordinal))
            {
                // Paths name the run folder; a "seconds" column is wall time.
                var lines = Encoding.UTF8.GetString(b).Replace(runDir, "RUN").Split('\n');
                int drop = Array.IndexOf(lines[0].Split(','), "seconds");
                string text = string.Join("\n", lines.Select(l => drop < 0 || l.Length == 0 ? l : string.Join(",", l.Split(',').Where((_, i) => i != drop))));
                d[rel] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            }
            else d[rel] = Convert.ToHexString(SHA256.HashData(b));
        }
        return d;
    }

    private static void Strip(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (string k in o.Select(kv => kv.Key).Where(k => k is "seconds" or "Seconds" or "created_utc" or "createdUtc").ToList()) o.Remove(k);
            foreach (var kv in o) Strip(kv.Value);
        }
        else if (node is JsonArray a) foreach (var e in a) Strip(e);
    }
}
