using System.Diagnostics;
using Concord.Reporting;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Study.Stages;

namespace Concord.Bench;

/// <summary>
/// corrupt-rerun: issue 14's integrity acceptance on the demo config (configs/demo.json). A clean run; then one bit of
/// the first trained model (<c>model.bin</c> of the plan's first train task) and one bit of the first feature file
/// flipped (the last byte: tensor or array data, not a header); a <c>--verify</c> rerun, which must stop naming a
/// damaged file; a plain rerun, which must recompute exactly those two artefacts and reuse every other task; and the
/// results.db fingerprint (<c>concord status</c>'s) compared with the clean run's. Prints the damage log, the
/// per-kind computed/reused table and the recomputed tasks.
/// Args: [--limit-notes N] [--limit-epochs E] [--keep]
/// </summary>
public sealed class CorruptRerunBenchmark : IBenchmark
{
    public string Name => "corrupt-rerun";
    public string Description => "demo config: corrupt one model byte and one feature file, --verify, rerun: damage found, only those recomputed, same results.db";

    public int Run(string[] args)
    {
        int notes = BenchArgs.Int(args, "--limit-notes", 0), epochs = BenchArgs.Int(args, "--limit-epochs", 0);
        string configPath = Path.Combine(BenchPaths.RepoRoot(), "configs", "demo.json");
        string configDir = Path.GetDirectoryName(configPath)!;
        var config = ExperimentConfigLoader.Load(configPath);
        string dir = Path.Combine(Path.GetTempPath(), "concord-corrupt-rerun-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new RunOptions { OutputDirectory = dir, LimitNotes = notes > 0 ? notes : null, LimitEpochs = epochs > 0 ? epochs : null };
        var runner = ExperimentRunner.Default(ReportWriter.WriteFromStore);
        try
        {
            Console.WriteLine($"corrupt-rerun: demo config{(notes > 0 ? $", --limit-notes {notes}" : "")}{(epochs > 0 ? $", --limit-epochs {epochs}" : "")}; "
                              + $"load average before: {LoadAverage()}");
            var sw = Stopwatch.StartNew();
            var clean = runner.Run(config, configDir, options, null, CancellationToken.None);
            double cleanSeconds = sw.Elapsed.TotalSeconds;
            if (!clean.Succeeded) { Console.WriteLine("the clean run did not finish"); return 1; }
            string fingerprint = RunStatus.Read(dir).ResultsFingerprint!;
            Console.WriteLine($"clean run: {cleanSeconds:F1} s, results.db fingerprint {fingerprint[..16]}…");

            var (_, plan) = runner.Resolve(config, configDir, options);
            var train = plan.Tasks.OfType<TrainTask>().First();
            var features = plan.Tasks.OfType<FeaturesTask>().Single();
            string model = TrainTask.ModelFile(Path.Combine(dir, "artefacts", "train", train.Hash));
            string feature = FeaturesTask.FeatureFile(Path.Combine(dir, "artefacts", "features", features.Hash), features.Names[0]);
            FlipLastBit(model);
            FlipLastBit(feature);
            Console.WriteLine($"corrupted: {model} ({train.Label}), {feature}");

            sw.Restart();
            string verifyOutcome;
            bool verifyStopped;
            try
            {
                runner.Run(config, configDir, options with { Verify = true }, null, CancellationToken.None);
                (verifyOutcome, verifyStopped) = ("finished without finding the damage", false);
            }
            catch (ConcordException ex) { (verifyOutcome, verifyStopped) = ("error: " + ex.Message, ex.Message.Contains(": damaged: ", StringComparison.Ordinal)); }
            Console.WriteLine($"rerun --verify ({sw.Elapsed.TotalSeconds:F1} s): {verifyOutcome}");

            var notices = new List<string>();
            var recomputed = new List<string>();
            var progress = new SyncProgress<RunProgress>(p =>
            {
                if (p.Notice) notices.Add($"[{p.Stage}] {p.Message}");
                else if (p.Total > 0 && p.Message.EndsWith(": done", StringComparison.Ordinal)) recomputed.Add($"{p.Stage}: {p.Message[..^": done".Length]}");
            });
            sw.Restart();
            var repair = runner.Run(config, configDir, options, progress, CancellationToken.None);
            double repairSeconds = sw.Elapsed.TotalSeconds;
            string after = RunStatus.Read(dir).ResultsFingerprint!;
            Console.WriteLine($"rerun ({repairSeconds:F1} s, load average {LoadAverage()}), damage log:");
            foreach (string n in notices) Console.WriteLine("  " + n);
            Console.WriteLine($"  {"kind",-14} {"status",-12} {"computed",8} {"reused",7}  note");
            foreach (var s in repair.Stages)
                Console.WriteLine($"  {s.Stage,-14} {s.Status,-12} {s.Computed,8} {s.Reused,7}  {s.Note}");
            Console.WriteLine($"recomputed tasks ({recomputed.Count}):");
            foreach (string r in recomputed) Console.WriteLine("  " + r);
            bool onlyThose = recomputed.Count == 2 && recomputed.Contains("train: " + train.Label) && recomputed.Contains("features: " + features.Label);
            bool same = after == fingerprint;
            Console.WriteLine($"results.db fingerprint after the repair: {after[..16]}… — {(same ? "identical to the clean run's" : "DIFFERS from the clean run's")}");
            Console.WriteLine($"verdict: damage detected by --verify: {Yes(verifyStopped)}; both damaged files logged: "
                              + $"{Yes(notices.Any(n => n.Contains(model, StringComparison.Ordinal)) && notices.Any(n => n.Contains(feature, StringComparison.Ordinal)))}; "
                              + $"only the two damaged artefacts recomputed: {Yes(onlyThose)}; same results: {Yes(same)}");
            return verifyStopped && onlyThose && same && repair.Succeeded ? 0 : 1;
        }
        finally
        {
            if (!args.Contains("--keep")) try { Directory.Delete(dir, true); } catch (IOException) { }
            else Console.WriteLine($"kept {dir}");
        }
    }

    private static string Yes(bool b) => b ? "yes" : "NO";

    private static void FlipLastBit(string path)
    {
        var b = File.ReadAllBytes(path);
        b[^1] ^= 0x01;
        File.WriteAllBytes(path, b);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
