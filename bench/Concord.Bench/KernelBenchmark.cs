using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Concord.Numerics;

namespace Concord.Bench;

/// <summary>
/// Part (k) of the similarity benchmark: the machine's fused multiply-add peak (register-only loops) and the
/// cross-product kernels, old (<see cref="LegacyDotKernel"/>) and new (<see cref="CrossProducts"/>, both micro-kernels),
/// in cache and with C out of cache, interleaved in one run. Each figure is the best and the median of
/// <c>reps</c> half-second measurements, in multiply-adds per CPU-second (per core) and per wall second.
/// </summary>
internal static class KernelBenchmark
{
    private sealed record Case(string Name, double Fma, Action Body);

    public static void Run(int reps)
    {
        Console.WriteLine($"(k) kernels: {reps} interleaved half-second runs each, best / median; machine load {SimilarityBenchmark.LoadAverage()}");
        Console.WriteLine($"    Vector512 accelerated: {Vector512.IsHardwareAccelerated}; CrossProductKernel.Auto = {CrossProducts.Resolve(CrossProductKernel.Auto)}");
        var cases = new List<Case>
        {
            new("peak, Vector512 FMA, registers only, 1 thread", 8.0 * 12 * PeakIterations, () => Peak512(PeakIterations)),
            new("peak, Vector256 FMA, registers only, 1 thread", 4.0 * 12 * PeakIterations, () => Peak256(PeakIterations)),
        };
        // In cache: C (480 × 480) += AᵀB with 256 rows, operands column-major as the streaming grid passes them.
        var (a, b, c) = Operands(480, 480, 256);
        double small = 480.0 * 480 * 256;
        cases.Add(new("in cache 480×480×256, old 4×3 Vector256 dots, 1 thread", small, () => LegacyDotKernel.AccumulateDots(a, 0, 480, b, 0, 480, 256, c, 0, 480, 1)));
        foreach (var kernel in new[] { CrossProductKernel.Vector256, CrossProductKernel.Vector512 })
            cases.Add(new($"in cache 480×480×256, {kernel} packed GEMM, 1 thread", small, () => CrossProducts.AccumulateDots(a, 0, 480, b, 0, 480, 256, c, 0, 480, 1, kernel: kernel)));
        cases.Add(new("in cache 480×480×256, old, 2 threads", small, () => LegacyDotKernel.AccumulateDots(a, 0, 480, b, 0, 480, 256, c, 0, 480, 2)));
        cases.Add(new("in cache 480×480×256, new (Auto), 2 threads", small, () => CrossProducts.AccumulateDots(a, 0, 480, b, 0, 480, 256, c, 0, 480, 2)));
        // Streaming shape: a 2,400-column X block against the 2,688 feature columns, 1,024 rows; C (52 MB) out of cache.
        var (xa, ya, xc) = Operands(2400, 2688, 1024);
        double big = 2400.0 * 2688 * 1024;
        cases.Add(new("C out of cache 2400×2688×1024, old, 2 threads", big, () => LegacyDotKernel.AccumulateDots(xa, 0, 2400, ya, 0, 2688, 1024, xc, 0, 2688, 2)));
        cases.Add(new("C out of cache 2400×2688×1024, new (Auto), 2 threads", big, () => CrossProducts.AccumulateDots(xa, 0, 2400, ya, 0, 2688, 1024, xc, 0, 2688, 2)));
        // In memory, long k: 480 × 128 columns over 35,000 rows (the permutation test's observed CKA).
        var (la, lb, lc) = Operands(480, 128, 35_000);
        double lng = 480.0 * 128 * 35_000;
        cases.Add(new("long k 480×128×35000, old, 2 threads", lng, () => LegacyDotKernel.AccumulateDots(la, 0, 480, lb, 0, 128, 35_000, lc, 0, 128, 2)));
        cases.Add(new("long k 480×128×35000, new (Auto), 2 threads", lng, () => CrossProducts.AccumulateDots(la, 0, 480, lb, 0, 128, 35_000, lc, 0, 128, 2)));

        var perCpu = cases.Select(_ => new List<double>()).ToArray();
        var perWall = cases.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r <= reps; r++)
            for (int i = 0; i < cases.Count; i++)
            {
                var (cpu, wall, fma) = Time(cases[i]);
                if (r == 0) continue;   // warm-up (JIT, page faults)
                perCpu[i].Add(fma / cpu / 1e9); perWall[i].Add(fma / wall / 1e9);
            }
        double peak = perCpu[0].Max();
        for (int i = 0; i < cases.Count; i++)
        {
            var v = perCpu[i].Order().ToList(); var w = perWall[i].Order().ToList();
            Console.WriteLine($"    {cases[i].Name,-58} {v[^1],5:F1} / {v[v.Count / 2],5:F1} GFMA per CPU-s ({v[^1] / peak:P0} of the Vector512 peak); wall {w[^1]:F1} / {w[w.Count / 2]:F1} GFMA/s");
        }
    }

    private static (double[] A, double[] B, double[] C) Operands(int m, int n, int k)
    {
        var rng = new Random(1);
        var a = new double[(long)m * k]; var b = new double[(long)n * k];
        for (long i = 0; i < a.LongLength; i++) a[i] = rng.NextDouble() - 0.5;
        for (long i = 0; i < b.LongLength; i++) b[i] = rng.NextDouble() - 0.5;
        return (a, b, new double[(long)m * n]);
    }

    private static (double Cpu, double Wall, double Fma) Time(Case c)
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        double fma = 0;
        while (sw.Elapsed.TotalSeconds < 0.5) { c.Body(); fma += c.Fma; }
        process.Refresh();
        return ((process.TotalProcessorTime - cpu0).TotalSeconds, sw.Elapsed.TotalSeconds, fma);
    }

    private const long PeakIterations = 20_000_000;

    /// <summary>12 independent accumulator chains (more than FMA latency × ports), no memory traffic.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Peak512(long iterations)
    {
        var x = Vector512.Create(0.999999); var y = Vector512.Create(1e-7);
        Vector512<double> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default,
            c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(x, c0, y); c1 = Vector512.FusedMultiplyAdd(x, c1, y); c2 = Vector512.FusedMultiplyAdd(x, c2, y);
            c3 = Vector512.FusedMultiplyAdd(x, c3, y); c4 = Vector512.FusedMultiplyAdd(x, c4, y); c5 = Vector512.FusedMultiplyAdd(x, c5, y);
            c6 = Vector512.FusedMultiplyAdd(x, c6, y); c7 = Vector512.FusedMultiplyAdd(x, c7, y); c8 = Vector512.FusedMultiplyAdd(x, c8, y);
            c9 = Vector512.FusedMultiplyAdd(x, c9, y); c10 = Vector512.FusedMultiplyAdd(x, c10, y); c11 = Vector512.FusedMultiplyAdd(x, c11, y);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Peak256(long iterations)
    {
        var x = Vector256.Create(0.999999); var y = Vector256.Create(1e-7);
        Vector256<double> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default,
            c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(x, c0, y); c1 = Vector256.FusedMultiplyAdd(x, c1, y); c2 = Vector256.FusedMultiplyAdd(x, c2, y);
            c3 = Vector256.FusedMultiplyAdd(x, c3, y); c4 = Vector256.FusedMultiplyAdd(x, c4, y); c5 = Vector256.FusedMultiplyAdd(x, c5, y);
            c6 = Vector256.FusedMultiplyAdd(x, c6, y); c7 = Vector256.FusedMultiplyAdd(x, c7, y); c8 = Vector256.FusedMultiplyAdd(x, c8, y);
            c9 = Vector256.FusedMultiplyAdd(x, c9, y); c10 = Vector256.FusedMultiplyAdd(x, c10, y); c11 = Vector256.FusedMultiplyAdd(x, c11, y);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
