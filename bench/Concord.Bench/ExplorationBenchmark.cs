using System.Diagnostics;
using Concord.Exploration;
using Concord.IO;
using Concord.Similarity;

namespace Concord.Bench;

/// <summary>
/// The exploration stage's computations at the study's NSynth sizes, on random data, 2 threads:
/// (m) mutual information of 20 features × 128 columns with an 8-class label over n = 35,000 training rows;
/// (p) PCA of 2,000 sampled mel spectrograms (16,384 columns);
/// (c) per-channel CKA of un-averaged conv1 (10 channels × 124 × 124) on a sample of n rows (default 2,000), read from a
///     .npy file, with its peak RSS (the bound is 10 n² doubles + one n × 15,376 chunk).
/// Usage: exploration [--part mpc] [--rows N] [--channel-rows N]
/// </summary>
public sealed class ExplorationBenchmark : IBenchmark
{
    public string Name => "exploration";
    public string Description => "mutual information (20 × 128 columns, n = 35,000), PCA of 2,000 mel spectrograms, per-channel CKA of conv1";

    public int Run(string[] args)
    {
        string part = args.SkipWhile(a => a != "--part").Skip(1).FirstOrDefault() ?? "mpc";
        int rows = BenchArgs.Int(args, "--rows", 35_000), channelRows = BenchArgs.Int(args, "--channel-rows", 2000);
        Console.WriteLine($"load average at start {LoadAverage()}, 2 threads");
        var rng = new Random(1);
        if (part.Contains('m'))
        {
            int p = 128;
            var labels = Enumerable.Range(0, rows).Select(_ => rng.Next(8)).ToArray();
            var x = new float[(long)rows * p];
            for (long i = 0; i < x.LongLength; i++) x[i] = (float)(rng.NextDouble() + 0.05 * labels[i / p]);
            var sw = Stopwatch.StartNew();
            for (int f = 0; f < 20; f++) MutualInformation.Classify(x, rows, p, labels, new MutualInformationOptions { Threads = 2, Seed = f });
            Console.WriteLine($"(m) mutual information, 20 features × {p} columns, n = {rows}: {sw.Elapsed.TotalSeconds:F1} s");
        }
        if (part.Contains('p'))
        {
            int n = 2000, p = 128 * 128;
            var x = new float[(long)n * p];
            for (long i = 0; i < x.LongLength; i++) x[i] = (float)rng.NextDouble();
            var sw = Stopwatch.StartNew();
            var model = PrincipalComponents.Fit(x, n, p, new PcaOptions { Threads = 2 });
            Console.WriteLine($"(p) PCA of {n} × {p}: {sw.Elapsed.TotalSeconds:F1} s, {model.Iterations} iterations");
        }
        if (part.Contains('c'))
        {
            int channels = 10, hw = 124 * 124;
            string dir = Path.Combine(Path.GetTempPath(), "concord-bench-exploration-" + Environment.ProcessId);
            Directory.CreateDirectory(dir);
            try
            {
                string path = Path.Combine(dir, "conv1.npy");
                var baseRow = new float[hw];
                var row = new float[channels * hw];
                using (var w = new NpyRowWriter<float>(path, channelRows, channels * hw))
                {
                    for (int i = 0; i < channelRows; i++)
                    {
                        for (int j = 0; j < hw; j++) baseRow[j] = (float)rng.NextDouble();
                        for (int c = 0; c < channels; c++)
                            for (int j = 0; j < hw; j++) row[c * hw + j] = (c + 1) * baseRow[j] + (float)(c * 0.3 * rng.NextDouble());
                        w.WriteRows(row);
                    }
                    w.Commit();
                }
                long before = Process.GetCurrentProcess().PeakWorkingSet64;
                var sw = Stopwatch.StartNew();
                var grid = ChannelCka.Compute(path, channels, new SimilarityOptions { Threads = 2 });
                Console.WriteLine($"(c) per-channel CKA, conv1 {channels} × 124 × 124, n = {channelRows} ({new FileInfo(path).Length / 1e9:F2} GB file): "
                                  + $"{sw.Elapsed.TotalSeconds:F1} s, peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB (before: {before / 1e9:F2} GB); "
                                  + $"CKA(ch0, ch9) = {grid.Cells[0][9].Biased:F3}");
            }
            finally { Directory.Delete(dir, recursive: true); }
        }
        Console.WriteLine($"load average at end {LoadAverage()}");
        return 0;
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; } catch (IOException) { return "?"; }
    }
}
