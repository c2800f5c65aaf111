using System.Diagnostics;
using System.Text.Json;
using Concord.Datasets;
using Concord.IO;
using Concord.Torch;
using Concord.Torch.Data;
using Concord.Torch.Models;
using Concord.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Bench;

/// <summary>
/// torch-train: per-batch training step (forward, cross-entropy, backward, SGD momentum) and inference time of Regular and
/// Deformable (paper clamp sampling) at batch 64, 128×128, 2 threads, as a ratio to Debian python3-torch 1.13 running
/// bench/reference/torch_bench.py in the same run (ratio = PyTorch time / Concord time; ≥ 1 means at least as fast).
/// Also the data pipeline's share of a Regular training epoch on a synthetic 640-example cache.
/// Args: [--batches N] [--threads T] [--skip-python]
/// </summary>
public sealed class TorchTrainBenchmark : IBenchmark
{
    public string Name => "torch-train";
    public string Description => "Regular/Deformable train and inference per batch vs Debian PyTorch 1.13; data-pipeline share";

    public int Run(string[] args)
    {
        int batches = BenchArgs.Int(args, "--batches", 8), threads = BenchArgs.Int(args, "--threads", 2);
        const int batch = 64, size = 128;
        TorchRuntime.SetThreads(threads);
        Console.WriteLine($"torch-train: batch {batch}, {size}×{size}, {threads} threads, median and minimum of {batches} batches after 2 warm-up batches");

        var python = args.Contains("--skip-python") ? null : RunPython(threads, batches);
        if (python is not null) Console.WriteLine($"reference: Debian torch {python.RootElement.GetProperty("torch").GetString()}, {python.RootElement.GetProperty("blas").GetString()}");

        torch.manual_seed(1);
        var x = randn(batch, 1, size, size);
        var y = randint(0, 8, new long[] { batch });
        foreach (var arch in new[] { Architecture.Regular, Architecture.Deformable })
        {
            var options = new ModelOptions { Architecture = arch, DeformableSampling = DeformableSampling.PaperClamp };
            using var net = ModelFactory.Create(options, 1);
            using var sgd = new SgdMomentum(net.parameters(), 0.005, 0.9);
            net.train();
            void Step()
            {
                using var scope = NewDisposeScope();
                sgd.ZeroGrad();
                var loss = nn.functional.cross_entropy(net.call(x), y);
                loss.backward();
                sgd.Step();
            }
            var (train, trainMin) = Time(batches, Step);
            net.eval();
            double infer, inferMin;
            using (no_grad())
                (infer, inferMin) = Time(batches, () => { using var scope = NewDisposeScope(); net.call(x); });
            string line = $"{arch,-10} Concord train {train * 1000,7:F0} ms/batch (min {trainMin * 1000:F0}), inference {infer * 1000,7:F0} ms (min {inferMin * 1000:F0})";
            if (python is not null)
            {
                var r = python.RootElement.GetProperty("results").GetProperty(arch.ToString());
                double pt = r.GetProperty("train_s").GetDouble(), pi = r.GetProperty("infer_s").GetDouble();
                double ptMin = r.GetProperty("train_min_s").GetDouble(), piMin = r.GetProperty("infer_min_s").GetDouble();
                line += $"\n{"",-10} PyTorch train {pt * 1000,7:F0} ms/batch (min {ptMin * 1000:F0}), inference {pi * 1000,7:F0} ms (min {piMin * 1000:F0})"
                      + $"\n{"",-10} ratio (PyTorch/Concord) median: train {pt / train:F2}×, inference {pi / infer:F2}×; best-of: train {ptMin / trainMin:F2}×, inference {piMin / inferMin:F2}×";
            }
            Console.WriteLine(line);
        }
        DataShare(threads);
        return 0;
    }

    private static void DataShare(int threads)
    {
        string dir = Path.Combine(Path.GetTempPath(), "concord-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            const int n = 640, size = 128;
            var rng = new Random(3);
            var mel = new float[n * size * size];
            for (int i = 0; i < mel.Length; i++) mel[i] = (float)(rng.NextDouble() * 80 - 80);
            Npy.Write<float>(CacheLayout.Mel(dir), mel, n, size, size);
            Npy.Write<long>(CacheLayout.Label(dir, "family"), Enumerable.Range(0, n).Select(i => (long)(i % 8)).ToArray(), n);
            var train = Enumerable.Range(0, n).Where(i => i % 5 != 0).Select(i => (long)i).ToArray();
            var test = Enumerable.Range(0, n).Where(i => i % 5 == 0).Select(i => (long)i).ToArray();
            Npy.Write<long>(CacheLayout.TrainSplit(dir), train, train.Length);
            Npy.Write<long>(CacheLayout.TestSplit(dir), test, test.Length);
            File.WriteAllText(CacheLayout.Tasks(dir), "[{\"name\":\"family\",\"kind\":\"classification\",\"classes\":[0,1,2,3,4,5,6,7]}]");
            using var cache = new MelCache(dir);
            var result = new Trainer(new TrainingOptions { Epochs = 1, Threads = threads, Checkpoints = false })
                .Train(cache, "family", new ModelOptions(), 1, Path.Combine(dir, "out"));
            // The data pipeline: reading the epoch's batches (shuffled train, then test) and building input tensors.
            var (mean, std) = cache.ScanAndTrainStatistics();
            var batches = new InputBatches(cache, mean, std, torch.CPU);
            var order = Trainer.Permutation(cache.Train, 1, 1);
            var sw = Stopwatch.StartNew();
            foreach (var rows in new[] { order, cache.Test })
                for (int b = 0; b < rows.Length; b += 64)
                {
                    using var scope = NewDisposeScope();
                    batches.Load(rows.AsSpan(b, Math.Min(64, rows.Length - b)));
                }
            double data = sw.Elapsed.TotalSeconds, epoch = result.Epochs[0].Seconds;
            Console.WriteLine($"data pipeline: {data:F2} s of a {epoch:F1} s Regular epoch ({n} examples) = {100 * data / epoch:F1} % (target ≤ 5 %)");
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
    }

    private static JsonDocument? RunPython(int threads, int batches)
    {
        string script = Path.Combine(BenchPaths.RepoRoot(), "bench", "reference", "torch_bench.py");
        var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" --threads {threads} --batches {batches}")
        { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var p = Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) { Console.WriteLine($"reference script failed ({p.ExitCode}): {stderr.Trim().Split('\n').LastOrDefault()}"); return null; }
            return JsonDocument.Parse(stdout.Trim().Split('\n').Last());
        }
        catch (System.ComponentModel.Win32Exception ex) { Console.WriteLine($"/usr/bin/python3 not available: {ex.Message}"); return null; }
    }

    /// <summary>Median and minimum seconds of <paramref name="n"/> calls after two warm-up calls.</summary>
    private static (double Median, double Min) Time(int n, Action step)
    {
        step(); step();
        var t = new double[n];
        for (int i = 0; i < n; i++) { var sw = Stopwatch.StartNew(); step(); t[i] = sw.Elapsed.TotalSeconds; }
        Array.Sort(t);
        return (n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2, t[0]);
    }
}
