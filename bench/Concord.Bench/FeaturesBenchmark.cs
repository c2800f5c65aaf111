using System.Diagnostics;
using Concord.Audio;
using Concord.Datasets;
using Concord.Features;
using Concord.Spectral;

namespace Concord.Bench;

/// <summary>
/// Issue 3: full front-end throughput (decode + mel + every feature of the <c>paper</c> set, 2 threads) on the NSynth fixture,
/// target ≥ 300 clips/s; then peak memory while `prepare --features paper` runs on a synthetic dataset of 20,000 clips
/// (must stay under 2 GB; <c>--in-memory</c> streams generated clips through the feature pipeline instead).
/// </summary>
public sealed class FeaturesBenchmark : IBenchmark
{
    public string Name => "features";
    public string Description => "front-end clips/s (decode, mel, paper features, 2 threads) on the fixture; peak memory for 20,000 clips";

    /// <summary>The study's Python pipeline on this machine (issue 3); not re-measured here (librosa is not installed).</summary>
    private const double StudyClipsPerSecond = 3.0;

    public int Run(string[] args)
    {
        int passes = ArgInt(args, "--passes", 3);
        int synthetic = ArgInt(args, "--clips", 20000);
        int threads = ArgInt(args, "--threads", 2);
        var fixture = BenchPaths.NSynthFixture();
        var features = FeatureRegistry.Default.PaperSet;
        var options = FeatureOptions.For(FeatureProfile.Paper);
        var frontEnd = new FeatureFrontEnd(new MelSpectrogramOptions { PadMode = options.PadMode }, options, features);

        if (fixture is not null && args.Contains("--breakdown")) Breakdown(fixture, frontEnd, options);
        if (fixture is null) Console.WriteLine("features: NSynth fixture not found; skipping the throughput figure");
        else
        {
            var files = Directory.GetFiles(Path.Combine(fixture, "audio"), "*.wav").Order(StringComparer.Ordinal).ToArray();
            long checksum = 0;
            void Pass() => frontEnd.ComputeBatch(files, f => { var c = AudioFile.Load(f); return (c.Samples, c.SampleRateHz); },
                (_, row) => Interlocked.Add(ref checksum, row.Sum(r => r.Length)), threads);
            Pass(); // warm-up: JIT, filter banks, page cache
            var proc = Process.GetCurrentProcess();
            var cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (int p = 0; p < passes; p++) Pass();
            sw.Stop();
            proc.Refresh();
            double cpuMsPerClip = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / (passes * files.Length);
            double clipsPerSecond = passes * files.Length / sw.Elapsed.TotalSeconds;
            Console.WriteLine($"features: front end (decode + mel + {features.Count} paper features, profile paper, {threads} threads): " +
                $"{clipsPerSecond:F1} clips/s over {passes}×{files.Length} fixture clips ({sw.Elapsed.TotalMilliseconds / (passes * files.Length):F2} ms/clip wall)");
            Console.WriteLine($"features: CPU time {cpuMsPerClip:F2} ms/clip; {Environment.ProcessorCount} cores, load average {LoadAverage()} " +
                $"(CPU-bound estimate on {threads} uncontended cores: {threads * 1000 / cpuMsPerClip:F0} clips/s)");
            Console.WriteLine($"features: target ≥ 300 clips/s: {(clipsPerSecond >= 300 ? "met" : "NOT met")}; " +
                $"ratio vs the study's Python pipeline (≈{StudyClipsPerSecond} clips/s, figure from issue 3, not measured here): {clipsPerSecond / StudyClipsPerSecond:F0}×");
        }

        if (args.Contains("--in-memory")) StreamInMemory(frontEnd, features, synthetic, threads);
        else PrepareSynthetic(features, synthetic, threads);
        return 0;
    }

    /// <summary>Single-thread CPU time per stage on the fixture (decode, mel + STFT, each feature group).</summary>
    private static void Breakdown(string fixture, FeatureFrontEnd frontEnd, FeatureOptions options)
    {
        var files = Directory.GetFiles(Path.Combine(fixture, "audio"), "*.wav").Order(StringComparer.Ordinal).Take(60).ToArray();
        var clips = files.Select(f => AudioFile.Load(f)).ToArray();
        var sw = new CpuWatch();
        foreach (var f in files) AudioFile.Load(f);
        Console.WriteLine($"  decode      {sw.Elapsed.TotalMilliseconds / files.Length:F2} ms/clip");
        var inputs = new FeatureInput[clips.Length];
        sw.Restart();
        for (int i = 0; i < clips.Length; i++) inputs[i] = frontEnd.Prepare(clips[i].Samples, clips[i].SampleRateHz);
        Console.WriteLine($"  mel+stft    {sw.Elapsed.TotalMilliseconds / files.Length:F2} ms/clip");
        foreach (var group in new[] { "rms", "spectral_centroid,spectral_bandwidth,spectral_flatness,spectral_rolloff", "median_power,mean_power,time_to_80db,time_to_75db,time_to_70db",
                     "wavelet_mean_w1,wavelet_mean_w5,wavelet_mean_w10,wavelet_mean_w25", "wavelet_combined", "paper" })
        {
            var ex = new FeatureExtractor(options, FeatureRegistry.Default.Resolve(group));
            foreach (var input in inputs.Take(5)) ex.Compute(input);
            sw.Restart();
            foreach (var input in inputs) ex.Compute(input);
            Console.WriteLine($"  {group,-10} {sw.Elapsed.TotalMilliseconds / files.Length:F2} ms/clip");
        }
    }

    /// <summary>Peak memory of `concord prepare --features paper` on a synthetic NSynth-layout dataset of <paramref name="notes"/> clips
    /// (datasets' SynthDataset, DatasetPreparer, then CacheFeatures), as the CLI runs it.</summary>
    private static void PrepareSynthetic(IReadOnlyList<FeatureDefinition> features, int notes, int threads)
    {
        string root = Path.Combine(Path.GetTempPath(), "concord-bench-features-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var sw = Stopwatch.StartNew();
            SynthDataset.Write(Path.Combine(root, "data"), new SynthDatasetOptions { Notes = notes, InstrumentsPerFamily = Math.Max(4, (notes + 799) / 800) });
            double write = sw.Elapsed.TotalSeconds;
            var prepare = PrepareOptions.ForProfile(DatasetProfile.Paper) with { MaxDegreeOfParallelism = threads };
            sw.Restart();
            DatasetPreparer.Prepare(Path.Combine(root, "data"), Path.Combine(root, "cache"), prepare);
            double mel = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var r = CacheFeatures.Prepare(Path.Combine(root, "data"), Path.Combine(root, "cache"), prepare, FeatureOptions.For(FeatureProfile.Paper), features);
            double feat = sw.Elapsed.TotalSeconds;
            long bytes = r.Files.Sum(f => new FileInfo(f).Length);
            long peak = PeakResidentBytes();
            Console.WriteLine($"features: prepare of {notes} synthetic clips: synth-dataset {write:F0} s, mel cache {mel:F0} s, " +
                $"paper features {feat:F0} s ({notes / feat:F1} clips/s incl. decode), {bytes / 1e6:F0} MB of features");
            Console.WriteLine($"features: peak memory (VmHWM) over the whole run {peak / 1048576.0:F0} MiB; limit 2048 MiB: {(peak < 2L << 30 ? "met" : "NOT met")}");
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Peak memory while streaming the paper features of N clips generated in memory to .npy files.</summary>
    private static void StreamInMemory(FeatureFrontEnd frontEnd, IReadOnlyList<FeatureDefinition> features, int synthetic, int threads)
    {
        string dir = Path.Combine(Path.GetTempPath(), "concord-bench-features-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            const int sr = 16000, length = 64000;
            var first = frontEnd.Compute(SyntheticClip(0, length, sr), sr);
            var sw = Stopwatch.StartNew();
            using (var writer = new FeatureFileWriter(dir, features, synthetic, first.Select(r => r.Length).ToArray()))
            {
                frontEnd.ComputeBatch(Enumerable.Range(0, synthetic).ToArray(), i => (SyntheticClip(i, length, sr), sr),
                    (_, row) => writer.WriteRow(row), threads);
                writer.Commit();
            }
            sw.Stop();
            long peak = PeakResidentBytes();
            Console.WriteLine($"features: {synthetic} synthetic clips generated in memory and streamed in {sw.Elapsed.TotalSeconds:F1} s = {synthetic / sw.Elapsed.TotalSeconds:F1} clips/s");
            Console.WriteLine($"features: peak memory (VmHWM) {peak / 1048576.0:F0} MiB; limit 2048 MiB: {(peak < 2L << 30 ? "met" : "NOT met")}");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Process CPU time since the last restart (single-threaded stages: a load-insensitive measure).</summary>
    private sealed class CpuWatch
    {
        private TimeSpan _start = Now();
        private static TimeSpan Now() { using var p = Process.GetCurrentProcess(); return p.TotalProcessorTime; }
        public void Restart() => _start = Now();
        public TimeSpan Elapsed => Now() - _start;
    }

    /// <summary>A deterministic decaying harmonic note with a little noise; clip i has its own pitch and seed.</summary>
    private static float[] SyntheticClip(int index, int length, int sr)
    {
        var rng = new Random(index);
        double f0 = 55 * Math.Pow(2, rng.Next(0, 60) / 12.0);
        double decay = 0.2 + rng.NextDouble();
        var y = new float[length];
        for (int n = 0; n < length; n++)
        {
            double t = (double)n / sr, v = 0;
            for (int h = 1; h <= 6 && h * f0 < sr / 2; h++) v += Math.Sin(2 * Math.PI * h * f0 * t) / h;
            y[n] = (float)(0.4 * v * Math.Exp(-t / decay) + 0.001 * (rng.NextDouble() - 0.5));
        }
        return y;
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; } catch (IOException) { return "n/a"; }
    }

    private static long PeakResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    private static int ArgInt(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out int v) ? v : fallback;
    }
}
