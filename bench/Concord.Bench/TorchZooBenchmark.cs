using System.Diagnostics;
using Concord.Datasets;
using Concord.IO;
using Concord.Torch;
using Concord.Torch.Training;

namespace Concord.Bench;

/// <summary>
/// torch-zoo: wall time of <see cref="ZooRunner"/> (all six architectures × seeds, a few epochs, trained and untrained
/// extraction of all taps) on a synthetic 128×128 cache of about 400 notes, the demo's workload.
/// Args: [--notes 400] [--epochs 3] [--seeds 2] [--threads 2]
/// </summary>
public sealed class TorchZooBenchmark : IBenchmark
{
    public string Name => "torch-zoo";
    public string Description => "6 architectures × seeds × a few epochs + extraction on a ~400-note 128×128 cache";

    public int Run(string[] args)
    {
        int notes = BenchArgs.Int(args, "--notes", 400), epochs = BenchArgs.Int(args, "--epochs", 3), seeds = BenchArgs.Int(args, "--seeds", 2), threads = BenchArgs.Int(args, "--threads", 2);
        string dir = Path.Combine(Path.GetTempPath(), "concord-zoo-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            WriteCache(Path.Combine(dir, "cache"), notes, 128, 128, 8);
            TorchRuntime.SetThreads(threads);
            var options = new ZooOptions
            {
                Seeds = TrainingOptions.StudySeeds.Take(seeds).Select(s => (long)s).ToArray(),
                Training = new TrainingOptions { Epochs = epochs, Threads = threads },
            };
            var sw = Stopwatch.StartNew();
            var results = new ZooRunner(options).Run(Path.Combine(dir, "cache"), "family", Path.Combine(dir, "zoo"));
            foreach (var g in results.GroupBy(r => r.Architecture))
                Console.WriteLine($"{g.Key,-12} train {g.Sum(r => r.Training.Seconds),7:F1} s for {seeds} seed(s); final test accuracy {string.Join(", ", g.Select(r => r.Training.Final.TestMetric.ToString("F2")))}");
            Console.WriteLine($"torch-zoo: {results.Count} runs ({notes} notes, 128×128, {epochs} epochs, {threads} threads) incl. trained+untrained extraction of all taps: {sw.Elapsed.TotalSeconds:F1} s");
            return 0;
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
    }

    private static void WriteCache(string dir, int n, int mels, int frames, int classes)
    {
        var rng = new Random(11);
        var mel = new float[n * mels * frames];
        for (int i = 0; i < n; i++)
        {
            int band = (i % classes + 1) * mels / (classes + 1);
            for (int m = 0; m < mels; m++)
                for (int t = 0; t < frames; t++)
                    mel[((long)i * mels + m) * frames + t] = (float)(-70 + 10 * rng.NextDouble() + (Math.Abs(m - band) < 3 ? 40 : 0));
        }
        Npy.Write<float>(CacheLayout.Mel(dir), mel, n, mels, frames);
        Npy.Write<long>(CacheLayout.Label(dir, "family"), Enumerable.Range(0, n).Select(i => (long)(i % classes)).ToArray(), n);
        var train = Enumerable.Range(0, n).Where(i => i % 10 >= 3).Select(i => (long)i).ToArray();
        var test = Enumerable.Range(0, n).Where(i => i % 10 < 3).Select(i => (long)i).ToArray();
        Npy.Write<long>(CacheLayout.TrainSplit(dir), train, train.Length);
        Npy.Write<long>(CacheLayout.TestSplit(dir), test, test.Length);
        File.WriteAllText(CacheLayout.Tasks(dir), $"[{{\"name\":\"family\",\"kind\":\"classification\",\"classes\":[{string.Join(",", Enumerable.Range(0, classes))}]}}]");
    }
}
