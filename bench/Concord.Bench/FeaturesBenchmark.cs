using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Concord.Audio;
using Concord.Datasets;
using Concord.Features;
using Concord.Spectral;

namespace Concord.Bench;

/// <summary>
/// Issue 13 §6: the front end measured the way a user runs it. <c>concord prepare --dataset nsynth --features paper
/// --profile paper</c> runs as a process (the published Release CLI) on the first <c>--notes</c> (600) real notes of
/// <c>--data</c> (default ../data/realistic: fluidsynth-rendered NSynth-layout notes), wall time including process start;
/// in the same run bench/reference/features_bench.py (the authors' per-clip pipeline on the numpy port of librosa's formulas,
/// not librosa itself) on the same files, and the ratio of the two (goal ≥ 100×); then <c>concord features -i CACHE</c>
/// (features from a prepared cache, which re-reads the audio). CPU seconds and the load average are printed beside every
/// wall time, since the machine is shared.
/// <para><c>--recordings DIR</c> (written by bench/make-recordings/make_recordings.py: labels.csv and a few long WAVs) adds the
/// study's <c>features</c> stage on recordings as a process (<c>concord run CONFIG --task features-…</c>, after its prepare
/// task), with this build and, with <c>--baseline PUBLISHED-CLI-DIR</c>, another build's CLI (e12b434^, which decoded a
/// recording once per clip): clips/s before and after and their ratio. The same <c>--baseline</c> also runs that build's
/// prepare on the notes, before this build's, in the same run.</para>
/// <para>Older parts: <c>--breakdown</c> (single-thread CPU per stage on the fixture), <c>--memory</c> (peak memory of prepare
/// --features on <c>--clips</c> synthetic clips; <c>--in-memory</c> streams generated clips instead).</para>
/// </summary>
public sealed class FeaturesBenchmark : IBenchmark
{
    public string Name => "features";
    public string Description => "prepare --features paper as a process on real notes vs the authors' pipeline (numpy port), same run; features from a cache; recordings before/after";

    public int Run(string[] args)
    {
        int notes = ArgInt(args, "--notes", 600);
        int threads = ArgInt(args, "--threads", 2);
        string repo = BenchPaths.RepoRoot();
        string data = Path.GetFullPath(ArgString(args, "--data") ?? Path.Combine(repo, "..", "data", "realistic"));
        var fixture = BenchPaths.NSynthFixture();
        var features = FeatureRegistry.Default.PaperSet;
        var options = FeatureOptions.For(FeatureProfile.Paper);
        var frontEnd = new FeatureFrontEnd(new MelSpectrogramOptions { PadMode = options.PadMode }, options, features);
        if (fixture is not null && args.Contains("--breakdown")) Breakdown(fixture, frontEnd, options, ArgInt(args, "--passes", 10));

        string cli = Path.Combine(repo, "src", "Concord.Cli", "bin", "Release", "net10.0", "concord.dll");
        if (!File.Exists(cli)) { Console.WriteLine($"{cli}: build the CLI first (dotnet build src/Concord.Cli -c Release)"); return 1; }
        string root = Path.Combine(Path.GetTempPath(), "concord-bench-features-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        int exit = 0;
        try
        {
            string? baselineCli = ArgString(args, "--baseline") is { } bl ? Path.Combine(Path.GetFullPath(bl), "concord.dll") : null;
            if (File.Exists(Path.Combine(data, "examples.json"))) exit |= PrepareVersusPaper(cli, baselineCli, repo, data, notes, threads, root);
            else Console.WriteLine($"features: {data}/examples.json not found (--data DIR); skipping prepare vs the paper's pipeline");
            if (ArgString(args, "--recordings") is { } recordings)
                exit |= RecordingsBeforeAfter(cli, baselineCli, Path.GetFullPath(recordings), root);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }

        int synthetic = ArgInt(args, "--clips", 20000);
        if (args.Contains("--in-memory")) StreamInMemory(frontEnd, features, synthetic, threads);
        else if (args.Contains("--memory")) PrepareSynthetic(features, synthetic, threads);
        return exit;
    }

    /// <summary>prepare --features paper on the first <paramref name="notes"/> notes as a process (and, with a baseline CLI, that
    /// build's prepare on the same files, before this one), the Python reference on the same files, their ratio, then the
    /// features-from-cache command.</summary>
    private static int PrepareVersusPaper(string cli, string? baseline, string repo, string data, int notes, int threads, string root)
    {
        string subset = Path.Combine(root, "notes");
        int n = WriteSubset(data, subset, notes);
        string t = threads.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"features: {n} notes of {data} (first in examples.json order), {Environment.ProcessorCount} cores, --threads {t}");
        Timed? before = null;
        if (baseline is not null)
        {
            if (!File.Exists(baseline)) { Console.WriteLine($"features: {baseline} not found (--baseline PUBLISHED-CLI-DIR)"); return 1; }
            before = Timed.Run("dotnet", [baseline, "prepare", "--dataset", "nsynth", "-i", subset, "-o", Path.Combine(root, "cache-before"), "--features", "paper",
                "--profile", "paper", "--threads", t]);
            Console.WriteLine($"features: before: {baseline} prepare --features paper (process): {before.Describe(n)}");
        }
        var prepare = Timed.Run("dotnet", [cli, "prepare", "--dataset", "nsynth", "-i", subset, "-o", Path.Combine(root, "cache"), "--features", "paper",
            "--profile", "paper", "--threads", t]);
        Console.WriteLine($"features: concord prepare --features paper (process, Release): {prepare.Describe(n)}");

        string script = Path.Combine(repo, "bench", "reference", "features_bench.py");
        var python = Timed.Run("/usr/bin/python3", [script, subset, n.ToString(CultureInfo.InvariantCulture)]);
        double paperRate = 0;
        if (python.Exit == 0 && python.Stdout.Split('\n').LastOrDefault(l => l.StartsWith('{')) is { } json)
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            paperRate = r.GetProperty("clips_per_second").GetDouble();
            Console.WriteLine($"features: authors' pipeline, numpy port of librosa 0.8.0 formulas (NOT librosa; numpy {r.GetProperty("numpy").GetString()}, " +
                $"scipy {r.GetProperty("scipy").GetString()}), in-process: {paperRate:F2} clips/s ({r.GetProperty("seconds").GetDouble():F1} s wall, " +
                $"{r.GetProperty("cpu_seconds").GetDouble():F1} CPU-s, 1 thread; interpreter start and imports {r.GetProperty("startup_seconds").GetDouble():F1} s not counted); " +
                $"whole process {python.Describe(n)}");
        }
        else Console.WriteLine($"features: {script} failed (exit {python.Exit}; needs python3-numpy, python3-scipy, python3-pywt): {python.Stderr.Trim()}");
        if (prepare.Exit == 0 && paperRate > 0)
        {
            double ratio = n / prepare.Wall / paperRate;
            Console.WriteLine($"features: ratio prepare (incl. process start) / authors' pipeline = {ratio:F1}× (goal ≥ 100×: {(ratio >= 100 ? "met" : "NOT met")}); " +
                $"CPU per clip {1000 * prepare.Cpu / n:F2} ms vs {1000 * python.Cpu / n:F1} ms (whole processes)");
            if (before is { Exit: 0 })
                Console.WriteLine($"features: before: ratio {n / before.Wall / paperRate:F1}×, CPU per clip {1000 * before.Cpu / n:F2} ms; " +
                    $"this build {before.Wall / prepare.Wall:F2}× the baseline's clips/s");
        }
        var fromCache = Timed.Run("dotnet", [cli, "features", "-i", Path.Combine(root, "cache"), "-o", Path.Combine(root, "from-cache"), "--features", "paper",
            "--profile", "paper", "--threads", t]);
        Console.WriteLine($"features: concord features -i CACHE --features paper (re-reads the audio): {fromCache.Describe(n)}" +
            (paperRate > 0 && fromCache.Exit == 0 ? $"; ratio {n / fromCache.Wall / paperRate:F1}×" : ""));
        return prepare.Exit | python.Exit | fromCache.Exit;
    }

    /// <summary>The study's features stage on a recordings dataset, as <c>concord run CONFIG --task</c> processes, with a
    /// baseline build and with this one.</summary>
    private static int RecordingsBeforeAfter(string cli, string? baseline, string recordings, string root)
    {
        string config = Path.Combine(root, "recordings.json");
        File.WriteAllText(config, $$"""
            {
              "name": "recordings-features",
              "profile": "paper",
              "dataset": { "kind": "recordings", "path": {{JsonSerializer.Serialize(Path.Combine(recordings, "labels.csv"))}}, "split": "random", "splitSeed": 17,
                           "testFraction": 0.3, "mainTask": "family", "relatedTasks": ["part"] },
              "frontEnd": { "sampleRateHz": 22050, "clipSeconds": 4.0, "fftSize": 2048, "hopLength": 502, "melBands": 128, "fMaxHz": 8000 },
              "features": ["paper"],
              "architectures": ["Regular"],
              "allLayerArchitectures": ["Regular"],
              "seeds": [1]
            }
            """);
        int files = Directory.GetFiles(Path.Combine(recordings, "audio"), "*.wav").Length;
        Console.WriteLine($"features: recordings {recordings} ({files} files), study features stage (concord run CONFIG --task features-…, after its prepare task)");
        var rates = new List<double>();
        int exit = 0;
        foreach (var (what, dll) in new[] { ("before", baseline), ("after", cli) })
        {
            if (dll is null) continue;
            if (!File.Exists(dll)) { Console.WriteLine($"features: {dll} not found (--baseline PUBLISHED-CLI-DIR)"); exit = 1; continue; }
            string run = Path.Combine(root, "run-" + what);
            var plan = Timed.Run("dotnet", [dll, "plan", config, "--out", run, "--json"]);
            if (plan.Exit != 0) { Console.WriteLine($"features: {what}: plan failed: {plan.Stderr.Trim()}"); exit = 1; continue; }
            var items = JsonDocument.Parse(plan.Stdout).RootElement.GetProperty("plan").GetProperty("items").EnumerateArray().ToList();
            string Id(string kind) => items.First(i => i.GetProperty("kind").GetString() == kind).GetProperty("id").GetString()!;
            var prep = Timed.Run("dotnet", [dll, "run", config, "--out", run, "--task", Id("prepare")]);
            var feat = Timed.Run("dotnet", [dll, "run", config, "--out", run, "--task", Id("features")]);
            int clips = Directory.EnumerateFiles(run, "labels.csv", SearchOption.AllDirectories).Select(f => File.ReadLines(f).Count() - 1).FirstOrDefault();
            Console.WriteLine($"features: {what} ({dll}): prepare task {prep.Describe(clips)}");
            Console.WriteLine($"features: {what}: features task {feat.Describe(clips)}");
            if (prep.Exit != 0 || feat.Exit != 0) { Console.WriteLine($"  | {prep.Stderr.Trim()} {feat.Stderr.Trim()}"); exit = 1; continue; }
            rates.Add(clips / feat.Wall);
        }
        if (rates.Count == 2) Console.WriteLine($"features: recordings features stage after / before = {rates[1] / rates[0]:F1}× ({rates[0]:F2} → {rates[1]:F2} clips/s, wall incl. process start)");
        return exit;
    }

    /// <summary>An NSynth folder with the first <paramref name="notes"/> entries of <paramref name="data"/>'s examples.json and
    /// links to their audio files.</summary>
    private static int WriteSubset(string data, string subset, int notes)
    {
        var all = JsonNode.Parse(File.ReadAllText(Path.Combine(data, "examples.json")))!.AsObject();
        var chosen = new JsonObject();
        Directory.CreateDirectory(Path.Combine(subset, "audio"));
        foreach (var (key, value) in all.Take(notes))
        {
            chosen[key] = value!.DeepClone();
            File.CreateSymbolicLink(Path.Combine(subset, "audio", key + ".wav"), Path.Combine(data, "audio", key + ".wav"));
        }
        File.WriteAllText(Path.Combine(subset, "examples.json"), chosen.ToJsonString());
        return chosen.Count;
    }

    /// <summary>A child process's wall time, CPU seconds (via /usr/bin/time) and the load average when it started.</summary>
    private sealed record Timed(int Exit, double Wall, double Cpu, string Load, string Stdout, string Stderr)
    {
        public static Timed Run(string file, IReadOnlyList<string> arguments)
        {
            string times = Path.GetTempFileName();
            bool wrap = File.Exists("/usr/bin/time");
            var psi = new ProcessStartInfo(wrap ? "/usr/bin/time" : file) { RedirectStandardOutput = true, RedirectStandardError = true };
            if (wrap) foreach (string a in new[] { "-f", "%U %S", "-o", times, file }) psi.ArgumentList.Add(a);
            foreach (string a in arguments) psi.ArgumentList.Add(a);
            string load = LoadAverage();
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            double wall = sw.Elapsed.TotalSeconds;
            double cpu = double.NaN;
            if (wrap && File.ReadAllText(times).Trim().Split(' ') is [var u, var s]
                && double.TryParse(u, CultureInfo.InvariantCulture, out double user) && double.TryParse(s, CultureInfo.InvariantCulture, out double sys))
                cpu = user + sys;
            File.Delete(times);
            return new Timed(p.ExitCode, wall, cpu, load, stdout.Result, stderr.Result);
        }

        public string Describe(int clips) =>
            $"{clips / Wall:F2} clips/s ({Wall:F2} s wall, {Cpu:F2} CPU-s for {clips} clips; load average {Load} at start{(Exit != 0 ? $"; EXIT {Exit}" : "")})";
    }

    /// <summary>Single-thread CPU time per stage on the fixture (decode, mel + STFT, each feature group): the first pass
    /// (the code a short process runs, JIT tiers included) and the last of <c>passes</c> (steady state).</summary>
    private static void Breakdown(string fixture, FeatureFrontEnd frontEnd, FeatureOptions options, int passes)
    {
        var files = Directory.GetFiles(Path.Combine(fixture, "audio"), "*.wav").Order(StringComparer.Ordinal).Take(60).ToArray();
        var clips = files.Select(f => AudioFile.Load(f)).ToArray();
        var groups = new[] { "rms", "spectral_centroid,spectral_bandwidth,spectral_flatness,spectral_rolloff",
            "median_power,mean_power,time_to_80db,time_to_75db,time_to_70db", "wavelet_mean_w1,wavelet_mean_w5,wavelet_mean_w10,wavelet_mean_w25",
            "wavelet_combined", "paper" };
        var extractors = groups.Select(g => new FeatureExtractor(options, FeatureRegistry.Default.Resolve(g))).ToArray();
        var first = new double[groups.Length + 2];
        var last = new double[groups.Length + 2];
        var inputs = new FeatureInput[clips.Length];
        for (int pass = 0; pass < passes; pass++)
        {
            var row = pass == 0 ? first : last;
            var sw = new CpuWatch();
            foreach (var f in files) AudioFile.Load(f);
            row[0] = sw.Elapsed.TotalMilliseconds / files.Length;
            sw.Restart();
            for (int i = 0; i < clips.Length; i++) inputs[i] = frontEnd.Prepare(clips[i].Samples, clips[i].SampleRateHz);
            row[1] = sw.Elapsed.TotalMilliseconds / files.Length;
            for (int g = 0; g < groups.Length; g++)
            {
                sw.Restart();
                foreach (var input in inputs) extractors[g].Compute(input);
                row[g + 2] = sw.Elapsed.TotalMilliseconds / files.Length;
            }
        }
        Console.WriteLine($"features: single-thread CPU-ms per clip on {files.Length} fixture clips, first pass / pass {passes} " +
            $"(GC over all passes: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(2)} gen2, {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms paused):");
        var names = new[] { "decode", "mel+stft" }.Concat(groups).ToArray();
        for (int i = 0; i < names.Length; i++)
            Console.WriteLine($"  {names[i],-10} {first[i],6:F2} / {(passes > 1 ? last[i] : first[i]),6:F2}");
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

    private static string? ArgString(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int ArgInt(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out int v) ? v : fallback;
    }
}
