using Concord.Activations;
using Concord.Experiments;
using Concord.Reporting;
using Concord.Study.Config;
using Concord.Study.Running;

namespace Concord.Bench;

/// <summary>
/// study-float16: the demo config run with float32 activations, then the same run folder copied and rerun with
/// <c>activations.storage = float16</c> (the prepared data, features and trained networks are reused; every extraction,
/// probe and similarity is recomputed). Prints the bytes of the extraction artefacts and the largest changes of probe
/// test scores (accuracy points, RMSE) and of similarity values over every matched row.
/// Args: [--limit-notes N] [--keep]
/// </summary>
public sealed class StudyFloat16Benchmark : IBenchmark
{
    public string Name => "study-float16";
    public string Description => "demo config with float32 vs float16 activations: disk of the extractions and the largest change of any probe score or similarity";

    public int Run(string[] args)
    {
        int notes = BenchArgs.Int(args, "--limit-notes", 0);
        string configPath = Path.Combine(BenchPaths.RepoRoot(), "configs", "demo.json");
        var config = ExperimentConfigLoader.Load(configPath);
        string root = Path.Combine(Path.GetTempPath(), "concord-study-float16-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var runner = ExperimentRunner.Default(ReportWriter.WriteFromStore);
            string full = Path.Combine(root, "float32"), half = Path.Combine(root, "float16");
            RunOutcome Run(ExperimentConfig c, string dir) =>
                runner.Run(c, Path.GetDirectoryName(configPath)!, new RunOptions { OutputDirectory = dir, LimitNotes = notes > 0 ? notes : null }, null, CancellationToken.None);
            if (!Run(config, full).Succeeded) { Console.WriteLine("the float32 run did not finish"); return 1; }
            CopyDirectory(Path.Combine(full, "artefacts"), Path.Combine(half, "artefacts"));
            if (!Run(config with { Activations = new ActivationsSection { Storage = ActivationStorage.Float16 } }, half).Succeeded)
            {
                Console.WriteLine("the float16 run did not finish");
                return 1;
            }
            var a = Load(full);
            var b = Load(half);
            string Key(Representation r) => r.ToString();
            var probes = a.Probes.Join(b.Probes, p => (p.Experiment, p.Task, Key(p.Source)), p => (p.Experiment, p.Task, Key(p.Source)), (x, y) => (x, y)).ToList();
            var acc = probes.Where(p => p.x.Metric == ProbeMetric.AccuracyPercent).Select(p => Math.Abs(p.x.Test - p.y.Test)).DefaultIfEmpty().ToList();
            var rmse = probes.Where(p => p.x.Metric == ProbeMetric.Rmse).Select(p => Math.Abs(p.x.Test - p.y.Test) / Math.Max(1e-12, Math.Abs(p.x.Test))).DefaultIfEmpty().ToList();
            var sims = a.Similarities.Join(b.Similarities, s => (s.Experiment, Key(s.Left), Key(s.Right), s.Measure), s => (s.Experiment, Key(s.Left), Key(s.Right), s.Measure), (x, y) => (x, y))
                .Where(p => !double.IsNaN(p.x.Value) && !double.IsNaN(p.y.Value)).ToList();
            var cka = sims.Where(s => s.x.Measure == SimilarityMeasure.LinearCka).Select(s => Math.Abs(s.x.Value - s.y.Value)).DefaultIfEmpty().ToList();
            var other = sims.Where(s => s.x.Measure != SimilarityMeasure.LinearCka).Select(s => Math.Abs(s.x.Value - s.y.Value)).DefaultIfEmpty().ToList();
            long bytes32 = Bytes(Path.Combine(full, "artefacts", "extract")), bytes16 = Bytes(Path.Combine(half, "artefacts", "extract"));
            Console.WriteLine($"study-float16: demo config{(notes > 0 ? $", {notes} notes" : "")}, {probes.Count} probe rows and {sims.Count} similarity rows matched");
            Console.WriteLine($"  extraction artefacts: float32 {bytes32 / 1048576.0:F1} MB, float16 {bytes16 / 1048576.0:F1} MB (ratio {bytes16 / (double)bytes32:F3})");
            Console.WriteLine($"  probe test accuracy: max |Δ| {acc.Max():F3} points, mean |Δ| {acc.Average():F4} points; rows with any change {acc.Count(d => d > 0)} of {acc.Count}");
            Console.WriteLine($"  probe test RMSE: max relative |Δ| {rmse.Max():E2}");
            Console.WriteLine($"  linear CKA: max |Δ| {cka.Max():E2}, mean |Δ| {cka.Average():E2} over {cka.Count} rows");
            Console.WriteLine($"  other measures (R²_LR, CCA, SVCCA): max |Δ| {other.Max():E2} over {other.Count} rows");
            return 0;
        }
        finally
        {
            if (!args.Contains("--keep")) try { Directory.Delete(root, true); } catch (IOException) { }
        }
    }

    private static StudyResults Load(string dir)
    {
        using var store = ResultsStore.OpenExisting(dir);
        return store.LoadStudy();
    }

    private static long Bytes(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.npy", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    private static void CopyDirectory(string from, string to)
    {
        foreach (string d in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        Directory.CreateDirectory(to);
        foreach (string f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
    }
}
