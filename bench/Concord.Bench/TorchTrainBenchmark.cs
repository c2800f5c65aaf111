using Concord.Networks;
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
/// bench/reference/torch_bench.py (ratio = PyTorch time / Concord time; ≥ 1 means at least as fast).
/// <para>Robust to a noisy shared machine: <c>--rounds</c> rounds, each running PyTorch in its default environment, PyTorch
/// "tuned" with Concord's process settings in their environment form (<c>MALLOC_MMAP_MAX_=0
/// MALLOC_TRIM_THRESHOLD_=2147483647 OMP_WAIT_POLICY=PASSIVE</c>, see <see cref="TorchRuntime.ConfigureProcess"/>) and
/// Concord (in this process, with the settings it started with), in an order that rotates every round, each timing
/// <c>--batches</c> batches after warm-up ones; medians and minima are over all rounds. The target is the ratio to PyTorch
/// as users run it (default environment); the ratio to the tuned PyTorch shows how much of the difference is those
/// settings and how much is the code.</para>
/// Also the data pipeline's share of a Regular training epoch on a synthetic 640-example cache.
/// Args: [--batches N] [--rounds R] [--threads T] [--skip-python]
/// </summary>
public sealed class TorchTrainBenchmark : IBenchmark
{
    public string Name => "torch-train";
    public string Description => "Regular/Deformable train and inference per batch vs Debian PyTorch 1.13 (default and tuned environment); data-pipeline share";

    private const int Batch = 64, Size = 128, Warmup = 2;
    private static readonly Architecture[] Architectures = [Architecture.Regular, Architecture.Deformable];
    private static readonly (string Name, string Env)[] PythonRuns =
        [("PyTorch", ""), ("PyTorch tuned", "MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 OMP_WAIT_POLICY=PASSIVE")];

    /// <summary>Environment variables that the default-environment run removes, so that it is what a user gets.</summary>
    private static readonly string[] TuningVariables = ["MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT"];

    public int Run(string[] args)
    {
        int batches = BenchArgs.Int(args, "--batches", 10), rounds = BenchArgs.Int(args, "--rounds", 3), threads = BenchArgs.Int(args, "--threads", 2);
        bool python = !args.Contains("--skip-python");
        TorchRuntime.SetThreads(threads);
        Console.WriteLine($"torch-train: batch {Batch}, {Size}×{Size}, {threads} threads; {rounds} rounds × {batches} timed batches after {Warmup} warm-up batches per phase; load average {LoadAverage()}");
        Console.WriteLine($"Concord: {TorchRuntime.ConfigureProcess().Description}; {ConvolutionBackend.Ensure().Description}");

        var times = new Dictionary<(string Impl, Architecture Arch, string Phase), List<double>>();
        void Add(string impl, Architecture arch, string phase, IEnumerable<double> seconds)
        {
            if (!times.TryGetValue((impl, arch, phase), out var list)) times[(impl, arch, phase)] = list = [];
            list.AddRange(seconds);
        }

        torch.manual_seed(1);
        using var x = randn(Batch, 1, Size, Size);
        using var y = randint(0, 8, new long[] { Batch });
        var concord = Architectures.Select(arch => new ConcordModel(arch)).ToArray();
        try
        {
            for (int round = 1; round <= rounds; round++)
            {
                // Three phases per round, in an order that rotates, so that a burst of load does not always hit the same one.
                var phases = new List<Action>();
                if (python)
                    foreach (var (name, env) in PythonRuns)
                        phases.Add(() =>
                        {
                            using var doc = RunPython(threads, batches, env);
                            if (doc is null) { python = false; return; }
                            if (round == 1) Console.WriteLine($"{name}: Debian torch {doc.RootElement.GetProperty("torch").GetString()}, {doc.RootElement.GetProperty("blas").GetString()}; environment: {doc.RootElement.GetProperty("malloc").GetString()}");
                            foreach (var arch in Architectures)
                            {
                                var r = doc.RootElement.GetProperty("results").GetProperty(arch.ToString());
                                Add(name, arch, "train", r.GetProperty("train_s").EnumerateArray().Select(e => e.GetDouble()));
                                Add(name, arch, "inference", r.GetProperty("infer_s").EnumerateArray().Select(e => e.GetDouble()));
                            }
                        });
                phases.Add(() =>
                {
                    foreach (var model in concord)
                    {
                        Add("Concord", model.Arch, "train", Time(batches, () => model.TrainStep(x, y)));
                        Add("Concord", model.Arch, "inference", Time(batches, () => model.Infer(x)));
                    }
                });
                for (int k = 0; k < phases.Count; k++) phases[(k + round - 1) % phases.Count]();
                Console.WriteLine($"round {round}/{rounds} done, load average {LoadAverage()}, Concord resident memory {Memory()}");
            }
        }
        finally
        {
            foreach (var model in concord) model.Dispose();
        }

        Console.WriteLine("ms per batch: median (min); ratio = PyTorch time / Concord time, median (best-of)");
        foreach (var arch in Architectures)
            foreach (var phase in new[] { "train", "inference" })
            {
                var c = times[("Concord", arch, phase)];
                string line = $"{arch,-10} {phase,-9} Concord {Ms(c)}";
                foreach (var (name, _) in PythonRuns)
                    if (times.TryGetValue((name, arch, phase), out var p))
                        line += $" | {name} {Ms(p)} → {Median(p) / Median(c):F2}× ({p.Min() / c.Min():F2}×)";
                Console.WriteLine(line);
            }
        DataShare(threads);
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    /// <summary>One Concord model with its optimiser: the benchmark's training step and inference.</summary>
    private sealed class ConcordModel : IDisposable
    {
        private readonly nn.Module<Tensor, Tensor> _net;
        private readonly SgdMomentum _sgd;

        public ConcordModel(Architecture arch)
        {
            Arch = arch;
            _net = ModelFactory.Create(new ModelOptions { Architecture = arch, DeformableSampling = DeformableSampling.PaperClamp }, 1);
            _sgd = new SgdMomentum(_net.parameters(), 0.005, 0.9);
        }

        public Architecture Arch { get; }

        public void TrainStep(Tensor x, Tensor y)
        {
            _net.train();
            using var scope = NewDisposeScope();
            _sgd.ZeroGrad();
            nn.functional.cross_entropy(_net.call(x), y).backward();
            _sgd.Step();
        }

        public void Infer(Tensor x)
        {
            _net.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            _net.call(x);
        }

        public void Dispose()
        {
            _sgd.Dispose();
            _net.Dispose();
        }
    }

    private static string Ms(List<double> seconds) => $"{Median(seconds) * 1000,6:F0} ({seconds.Min() * 1000:F0})";

    private static double Median(List<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>This process's resident set now and at its peak (VmRSS, VmHWM): with the retain allocator it stays flat.</summary>
    private static string Memory()
    {
        try
        {
            var status = File.ReadAllLines("/proc/self/status");
            string Field(string name) => status.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?[name.Length..].Trim() ?? "?";
            return $"{Field("VmRSS:")} (peak {Field("VmHWM:")})";
        }
        catch (IOException) { return "n/a"; }
    }

    private static string LoadAverage() => ReferenceScript.LoadAverage();

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
            // Two epochs; the second (warm) one is the reference.
            var result = new Trainer(new TrainingOptions { Epochs = 2, Threads = threads, Checkpoints = false })
                .Train(cache, "family", new ModelOptions(), 1, Path.Combine(dir, "out"));
            // The data pipeline: reading an epoch's batches (shuffled train, then test) and building input tensors;
            // the median of five passes.
            var (mean, std) = cache.ScanAndTrainStatistics();
            var batches = new InputBatches(cache, mean, std, torch.CPU);
            var order = Trainer.Permutation(cache.Train, 1, 2);
            var passes = new List<double>();
            for (int pass = 0; pass < 5; pass++)
            {
                var sw = Stopwatch.StartNew();
                foreach (var rows in new[] { order, cache.Test })
                    for (int b = 0; b < rows.Length; b += Batch)
                    {
                        using var scope = NewDisposeScope();
                        batches.Load(rows.AsSpan(b, Math.Min(Batch, rows.Length - b)));
                    }
                passes.Add(sw.Elapsed.TotalSeconds);
            }
            double data = Median(passes), epoch = result.Epochs[1].Seconds;
            Console.WriteLine($"data pipeline: {data * 1000:F0} ms (median of 5 passes) of a {epoch:F2} s Regular epoch ({n} examples, second epoch) = {100 * data / epoch:F1} % (target ≤ 5 %)");
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
    }

    /// <summary>Runs the reference script with <paramref name="env"/> (space-separated NAME=value) added to the environment.</summary>
    private static JsonDocument? RunPython(int threads, int batches, string env) =>
        ReferenceScript.Run("torch_bench.py", $"--threads {threads} --batches {batches} --warmup {Warmup}", env, TuningVariables);

    /// <summary>Seconds of each of <paramref name="n"/> calls after <see cref="Warmup"/> untimed ones.</summary>
    private static double[] Time(int n, Action step)
    {
        for (int i = 0; i < Warmup; i++) step();
        var t = new double[n];
        for (int i = 0; i < n; i++) { var sw = Stopwatch.StartNew(); step(); t[i] = sw.Elapsed.TotalSeconds; }
        return t;
    }
}
