using System.Diagnostics;
using System.Text.Json;
using Concord.IO;
using Concord.Numerics;
using Concord.Probes;

namespace Concord.Bench;

/// <summary>
/// <c>probes</c>: n_train 35,000, n_test 15,000, 8 classes, 2 threads, synthetic class-mean-plus-noise features.
/// (1) L-BFGS logistic probe on 480-d (target ≤ 2 s, standardisation + fit + scoring);
/// (2) L-BFGS logistic probe on 15,376-d float32 (target ≤ 60 s, fit + scoring on pre-standardised data);
/// (3) PaperSgd on 480-d against the study's PyTorch recipe (bench/reference/probe_bench.py), run in the same process
///     tree with /usr/bin/python3; ratio = PyTorch seconds / Concord seconds (target ≥ 1.0).
/// Options: --skip-large, --skip-sgd, --epochs N (PaperSgd epochs, default 100); --small (study-scale widths, timed
/// apart); --memory [--widths a,b,…] (the probe task's memory estimate against the measured peak RSS); --batch [--rounds N]
/// (paper-SGD probes of one design trained together against one by one, with a bit-identity check); --least-squares
/// [--widths a,b,…] [--npy FILE,…] (the paper profile's minimum-norm least-squares factorisation of one wide design,
/// synthetic or a real extraction).
/// </summary>
public sealed class ProbesBenchmark : IBenchmark
{
    public string Name => "probes";
    public string Description => "logistic probe 480-d / 15,376-d (L-BFGS) and PaperSgd vs PyTorch, 35k×8 classes";

    private const int NTrain = 35_000, NTest = 15_000, Classes = 8, Workers = 2;

    public int Run(string[] args)
    {
        bool skipLarge = args.Contains("--skip-large"), skipSgd = args.Contains("--skip-sgd");
        if (args.Contains("--small")) return Small();
        if (args.Contains("--memory")) return Memory(args);
        if (args.Contains("--batch")) return Batch(args);
        if (args.Contains("--least-squares")) return LeastSquares(args);
        int epochs = args.SkipWhile(a => a != "--epochs").Skip(1).Select(int.Parse).FirstOrDefault(100);

        var (xtr, ytr, xte, yte) = Synthetic(480, seed: 11, separation: 0.12f);
        var sw = Stopwatch.StartNew();
        var cpu = CpuClock.Start();
        var eval = new ProbeRunner(new ProbeOptions { Logistic = new LogisticProbeOptions { Workers = Workers } }).Classify(xtr, ytr, xte, yte);
        sw.Stop();
        Console.WriteLine($"logistic-lbfgs 480-d: {sw.Elapsed.TotalSeconds:F2} s wall, {cpu.Seconds:F2} s CPU (target ≤ 2 s)  test acc {eval.TestScore:F4}  " +
                          $"baseline {eval.Baseline:F4}  {eval.Convergence}");

        if (!skipSgd) PaperSgd(xtr, ytr, xte, yte, epochs);

        if (!skipLarge)
        {
            xtr = xte = null!;
            GC.Collect();
            var (btr, bytr, bte, byte_) = Synthetic(15_376, seed: 12, separation: 0.03f);
            sw.Restart();
            var cpuLarge = CpuClock.Start();
            var fit = new LogisticProbe(new LogisticProbeOptions { Workers = Workers }).Fit(btr, bytr);
            double acc = fit.Score(bte, byte_);
            sw.Stop();
            Console.WriteLine($"logistic-lbfgs 15376-d: {sw.Elapsed.TotalSeconds:F1} s wall, {cpuLarge.Seconds:F1} s CPU (target ≤ 60 s)  test acc {acc:F4}  {fit.Convergence}");
        }
        return 0;
    }

    /// <summary>
    /// <c>--memory</c>: for each width (default 1,080, 4,000, 15,376 and 23,040 columns) at the realistic study's size
    /// (n_train 2,100, n_test 900, 11 classes), one representation's probes as the probe task runs them — standardise
    /// once, ridge-CV on a regression target, L-BFGS softmax (capped at 30 iterations: the state, not the fit, is measured)
    /// — with the process's peak RSS (VmHWM, reset through /proc/self/clear_refs before each width) above the RSS before
    /// the matrices exist, printed beside <see cref="ProbeMemory.Estimate"/> of the same shapes.
    /// </summary>
    private static int Memory(string[] args)
    {
        var widths = args.SkipWhile(a => a != "--widths").Skip(1).Select(w => w.Split(',').Select(int.Parse).ToArray()).FirstOrDefault([1_080, 4_000, 15_376, 23_040]);
        const int nTrain = 2_100, nTest = 900, classes = 11;
        var options = new ProbeOptions
        {
            Linear = LinearProbeOptions.CrossValidatedRidge with { Workers = Workers },
            Logistic = new LogisticProbeOptions { Workers = Workers, MaxIterations = 30 },
        };
        Console.WriteLine($"probe task working set, n_train {nTrain:N0}, n_test {nTest:N0}, {classes} classes, {Workers} workers");
        Console.WriteLine($"{"columns",8}  {"estimate",11}  {"measured",11}  {"ratio",6}  seconds");
        foreach (int d in widths)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            long before = Rss("VmRSS:");
            if (!ResetPeak()) { Console.WriteLine("cannot reset the peak RSS (/proc/self/clear_refs); run on Linux"); return 1; }
            var sw = Stopwatch.StartNew();
            var (xtr, ytr, xte, yte) = Synthetic(d, seed: 31, separation: 0.05f, nTrain: nTrain, nTest: nTest, classes: classes);
            var runner = new ProbeRunner(options);
            var design = runner.Prepare(xtr, xte);
            runner.Regress(design, ytr.Select(v => (double)v).ToArray(), yte.Select(v => (double)v).ToArray());
            runner.Classify(design, ytr, yte);
            long peak = Rss("VmHWM:") - before;
            var estimate = ProbeMemory.Estimate(nTrain, nTest, d, options, regression: true, classes);
            Console.WriteLine($"{d,8:N0}  {estimate.Bytes / 1e6,8:N0} MB  {peak / 1e6,8:N0} MB  {estimate.Bytes / (double)peak,6:F2}  {sw.Elapsed.TotalSeconds:F0}");
            GC.KeepAlive(design);
        }
        return 0;
    }

    /// <summary>
    /// <c>--batch</c>: the realistic study's shape (n_train 2,100, n_test 900, 1,080 columns, standardised on the training
    /// split), three tasks with K = 11, 2 and 8 classes × probe seeds 1 and 2, paper SGD for 100 epochs with batch 64:
    /// the six probes fitted one by one and in one batched call, alternating for <c>--rounds</c> rounds (default 2).
    /// Checks that weights, biases, every epoch's history and the test predictions are bit-identical, and prints both
    /// times (wall and process CPU) and their ratio.
    /// </summary>
    private static int Batch(string[] args)
    {
        int rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(2);
        const int nTrain = 2_100, nTest = 900, d = 1_080;
        var (xtr, ytr, xte, yte) = Synthetic(d, seed: 41, separation: 0.05f, nTrain: nTrain, nTest: nTest, classes: 11);
        var (tr, te) = Standardiser.Apply(xtr, xte, StandardizationMode.TrainFit);
        Func<int, int>[] tasks = [v => v, v => v % 2, v => v % 8];
        var targets = new[] { 1, 2 }.SelectMany(seed => tasks.Select(f => new ClassificationTarget
        {
            Labels = Array.ConvertAll(ytr, v => f(v)), TestLabels = Array.ConvertAll(yte, v => f(v)), Seed = seed,
        })).ToList();
        var options = new LogisticProbeOptions { Solver = LogisticSolver.PaperSgd, PaperSgd = new PaperSgdOptions { Epochs = 100, BatchSize = 64 } };
        var probe = new LogisticProbe(options);
        Console.WriteLine($"paper-sgd batch: {targets.Count} probes (K = 11, 2, 8 × seeds 1, 2), n_train {nTrain:N0}, n_test {nTest:N0}, d {d:N0}, " +
                          $"100 epochs, batch 64, Vector<float> {System.Numerics.Vector<float>.Count} lanes");
        bool identical = true;
        for (int round = 1; round <= rounds; round++)
        {
            var sw = Stopwatch.StartNew();
            var cpu = CpuClock.Start();
            var alone = targets.Select(t => new LogisticProbe(options with { PaperSgd = options.PaperSgd with { Seed = t.Seed!.Value } })
                .Fit(tr, t.Labels, te, t.TestLabels)).ToList();
            double tAlone = sw.Elapsed.TotalSeconds, cAlone = cpu.Seconds;
            sw.Restart();
            cpu = CpuClock.Start();
            var batched = probe.Fit(tr, targets, te);
            double tBatch = sw.Elapsed.TotalSeconds, cBatch = cpu.Seconds;
            bool same = alone.Zip(batched).All(p => p.First.Coefficients.AsSpan().SequenceEqual(p.Second.Coefficients)
                && p.First.Intercepts.AsSpan().SequenceEqual(p.Second.Intercepts) && p.First.Sgd!.History.SequenceEqual(p.Second.Sgd!.History)
                && p.First.Predict(te).AsSpan().SequenceEqual(p.Second.Predict(te)));
            identical &= same;
            Console.WriteLine($"round {round}: one by one {tAlone:F2} s wall, {cAlone:F2} CPU-s; batched {tBatch:F2} s wall, {cBatch:F2} CPU-s; " +
                              $"speed-up {tAlone / tBatch:F2}× wall, {cAlone / cBatch:F2}× CPU; bit-identical: {(same ? "yes" : "NO")}; " +
                              $"final test acc {string.Join(" ", batched.Select(f => f.Sgd!.Final.TestAccuracy.ToString("F3")))} (load {SimilarityBenchmark.LoadAverage()})");
        }
        return identical ? 0 : 1;
    }

    private static bool ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
    }

    private static long Rss(string field) =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith(field, StringComparison.Ordinal))
            .Select(l => long.Parse(l[field.Length..].Trim().Split(' ')[0]) * 1024).First();

    /// <summary>
    /// <c>--small</c>: one probe at the study's scale (n_train 840, n_test 360, 8 classes) for several tap widths, L-BFGS
    /// and PaperSgd (100 epochs) timed apart, to show where a probe's seconds go.
    /// </summary>
    private static int Small()
    {
        foreach (int d in new[] { 480, 4608, 15376 })
        {
            var (xtr, ytr, xte, yte) = Synthetic(d, seed: 21, separation: 0.05f, nTrain: 840, nTest: 360);
            var sw = Stopwatch.StartNew(); var cpu = CpuClock.Start();
            var (tr, te) = Standardiser.Apply(xtr, xte, StandardizationMode.TrainFit);
            double tStd = sw.Elapsed.TotalSeconds;
            sw.Restart(); cpu = CpuClock.Start();
            var lbfgs = new LogisticProbe(new LogisticProbeOptions { Workers = Workers }).Fit(tr, ytr);
            double tL = sw.Elapsed.TotalSeconds, cL = cpu.Seconds;
            sw.Restart(); cpu = CpuClock.Start();
            var sgd = new LogisticProbe(new LogisticProbeOptions { Solver = LogisticSolver.PaperSgd, Workers = Workers }).Fit(tr, ytr, te, yte);
            double tS = sw.Elapsed.TotalSeconds, cS = cpu.Seconds;
            double sgdFma = 100.0 * 2 * 840 * d * Classes;
            Console.WriteLine($"n_train 840, d {d}: standardise {tStd * 1e3:F0} ms; L-BFGS {tL:F2} s wall, {cL:F2} CPU-s ({lbfgs.Convergence}); " +
                $"PaperSgd 100 epochs {tS:F2} s wall, {cS:F2} CPU-s = {sgdFma / 1e9:F1} G multiply-adds, {sgdFma / cS / 1e9:F1} GFMA per CPU-s (load {SimilarityBenchmark.LoadAverage()})");
        }
        return 0;
    }

    private static void PaperSgd(Matrix xtr, int[] ytr, Matrix xte, int[] yte, int epochs)
    {
        var opts = new LogisticProbeOptions { Solver = LogisticSolver.PaperSgd, PaperSgd = new PaperSgdOptions { Epochs = epochs } };
        var sw = Stopwatch.StartNew();
        var cpu = CpuClock.Start();
        var fit = new LogisticProbe(opts).Fit(xtr, ytr, xte, yte);
        sw.Stop();
        double ours = sw.Elapsed.TotalSeconds, oursCpu = cpu.Seconds;
        Console.WriteLine($"paper-sgd 480-d, {epochs} epochs: {ours:F2} s wall, {oursCpu:F2} s CPU  final train loss {fit.Sgd!.Final.TrainLoss:F5} " +
                          $"train acc {fit.Sgd.Final.TrainAccuracy:F4} test acc {fit.Sgd.Final.TestAccuracy:F4}");

        string script = Path.Combine(BenchPaths.RepoRoot(), "bench", "reference", "probe_bench.py");
        string dir = Path.Combine(Path.GetTempPath(), "concord-probe-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            Npy.Write(Path.Combine(dir, "xtr.npy"), xtr.Data, xtr.Rows, xtr.Cols);
            Npy.Write(Path.Combine(dir, "xte.npy"), xte.Data, xte.Rows, xte.Cols);
            Npy.Write(Path.Combine(dir, "ytr.npy"), Array.ConvertAll(ytr, v => (long)v), ytr.Length);
            Npy.Write(Path.Combine(dir, "yte.npy"), Array.ConvertAll(yte, v => (long)v), yte.Length);
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { script, Path.Combine(dir, "xtr.npy"), Path.Combine(dir, "ytr.npy"), Path.Combine(dir, "xte.npy"),
                         Path.Combine(dir, "yte.npy"), epochs.ToString(), Workers.ToString() })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) { Console.WriteLine($"pytorch reference failed: {stderr.Trim().Split('\n').LastOrDefault()}"); return; }
            var j = JsonDocument.Parse(stdout).RootElement;
            double theirs = j.GetProperty("seconds").GetDouble(), theirsCpu = j.GetProperty("cpu_seconds").GetDouble();
            Console.WriteLine($"pytorch {j.GetProperty("torch").GetString()} recipe ({Workers} threads): {theirs:F2} s wall, {theirsCpu:F2} s CPU  " +
                              $"final train loss {j.GetProperty("train_loss").GetDouble():F5} test acc {j.GetProperty("test_accuracy").GetDouble():F4}  " +
                              $"BLAS: {string.Join(" ", j.GetProperty("blas").EnumerateArray().Select(e => e.GetString()))}");
            Console.WriteLine($"paper-sgd ratio (pytorch / concord): {theirs / ours:F2}× wall, {theirsCpu / oursCpu:F2}× CPU (target ≥ 1.0×)");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>Process CPU time (all threads) since <see cref="Start"/>: robust to a machine shared with other jobs.</summary>
    private readonly record struct CpuClock(TimeSpan Origin)
    {
        public static CpuClock Start() => new(Process.GetCurrentProcess().TotalProcessorTime);
        public double Seconds => (Process.GetCurrentProcess().TotalProcessorTime - Origin).TotalSeconds;
    }

    /// <summary>Class means ~ separation·N(0, 1) per dimension, examples = mean + N(0, 1), float32, labels cycling 0..7.</summary>
    /// <summary>
    /// <c>--least-squares</c>: the paper profile's minimum-norm least squares (<see cref="LeastSquaresDesign"/>: centring,
    /// QR of the transposed design, SVD of the triangular factor) on one design of the realistic study's shape, n_train
    /// 2,100 and the given widths (default 1,080 and 23,040). The design is ReLU activations of a rank-64 latent plus
    /// noise, so its spectrum decays the way a conv layer's does. Prints wall and CPU seconds, the rank kept, and which
    /// path solved it (the Gram matrix when the rank is proven, else QR + SVD).
    /// </summary>
    private static int LeastSquares(string[] args)
    {
        var widths = args.SkipWhile(a => a != "--widths").Skip(1).Select(w => w.Split(',').Select(int.Parse).ToArray()).FirstOrDefault([1_080, 23_040]);
        const int n = 2_100, latent = 64;
        Console.WriteLine($"minimum-norm least squares, n_train {n:N0}, {Workers} workers");
        foreach (string path in args.SkipWhile(a => a != "--npy").Skip(1).Take(1).SelectMany(p => p.Split(',')))
        {
            // a real extraction (e.g. RUN/artefacts/extract/*/conv1.train.npy), standardised as the probe task does
            var arr = Npy.Read<float>(path);
            var raw = new Matrix(arr.Data, (int)arr.Shape[0], (int)(arr.Data.Length / arr.Shape[0]));
            var prepared = new ProbeRunner(new ProbeOptions()).Prepare(raw, FirstRow(raw)).Train;
            var sw0 = Stopwatch.StartNew();
            var real = LeastSquaresDesign.Of(prepared, Workers);
            Console.WriteLine($"{Path.GetFileName(Path.GetDirectoryName(path))}/{Path.GetFileName(path)} {raw.Rows:N0} × {raw.Cols:N0}: " +
                              $"factorisation {sw0.Elapsed.TotalSeconds:F1} s, {(real.ProvenFullRank ? $"Gram path (rank proven, σ_min/σ_max ≥ {real.ProvenRatio:G3})" : "QR + SVD")}");
        }
        if (args.Contains("--npy")) return 0;
        foreach (int d in widths)
        {
            var rng = new Random(53 + d);
            var z = new float[n * latent];
            for (int i = 0; i < z.Length; i++) z[i] = Gauss(rng);
            var w = new float[latent * d];
            for (int i = 0; i < w.Length; i++) w[i] = Gauss(rng) / MathF.Sqrt(latent);
            var x = new Matrix(n, d);
            for (int i = 0; i < n; i++)
            {
                var row = x.Row(i);
                for (int l = 0; l < latent; l++)
                {
                    float zl = z[i * latent + l];
                    var wl = w.AsSpan(l * d, d);
                    for (int j = 0; j < d; j++) row[j] += zl * wl[j];
                }
                for (int j = 0; j < d; j++) row[j] = MathF.Max(0, row[j] + 0.1f * Gauss(rng));
            }
            var y = new double[n];
            for (int i = 0; i < n; i++) y[i] = x[i, 0] - x[i, d / 2] + 0.1 * Gauss(rng);
            GC.Collect();
            var sw = Stopwatch.StartNew();
            var cpu = CpuClock.Start();
            var design = LeastSquaresDesign.Of(x, Workers);
            double factorSeconds = sw.Elapsed.TotalSeconds;
            var fit = new LinearProbe(new LinearProbeOptions()).Fit(x, y, sharedLeastSquares: design);
            sw.Stop();
            Console.WriteLine($"{d,7:N0} columns: factorisation {factorSeconds:F1} s wall, fit {sw.Elapsed.TotalSeconds - factorSeconds:F2} s, " +
                              $"{cpu.Seconds:F1} s CPU  rank {fit.Rank}  {(design.ProvenFullRank ? $"Gram path (rank proven, σ_min/σ_max ≥ {design.ProvenRatio:G3})" : "QR + SVD")}");
        }
        return 0;
    }

    private static Matrix FirstRow(Matrix m) => m.SelectRows([0]);

    private static (Matrix Xtr, int[] Ytr, Matrix Xte, int[] Yte) Synthetic(int d, int seed, float separation, int nTrain = NTrain, int nTest = NTest, int classes = Classes)
    {
        var rng = new Random(seed);
        var means = new float[classes * d];
        for (int i = 0; i < means.Length; i++) means[i] = separation * Gauss(rng);
        (Matrix, int[]) Make(int n, int s)
        {
            var x = new Matrix(n, d);
            var y = new int[n];
            var r0 = new Random(s);
            for (int i = 0; i < n; i++) y[i] = r0.Next(classes);
            Parallel.For(0, Workers, w =>
            {
                var r = new Random(s * 31 + w);
                for (int i = w; i < n; i += Workers)
                {
                    var row = x.Row(i);
                    var mu = means.AsSpan(y[i] * d, d);
                    for (int j = 0; j < d; j++) row[j] = mu[j] + Gauss(r);
                }
            });
            return (x, y);
        }
        var (xtr, ytr) = Make(nTrain, seed * 7 + 1);
        var (xte, yte) = Make(nTest, seed * 7 + 2);
        return (xtr, ytr, xte, yte);
    }

    private static float Gauss(Random r)
    {
        // Irwin–Hall approximation (sum of 4 uniforms, rescaled): fast and adequate for benchmark data.
        double s = r.NextDouble() + r.NextDouble() + r.NextDouble() + r.NextDouble() - 2.0;
        return (float)(s * Math.Sqrt(3.0));
    }
}
