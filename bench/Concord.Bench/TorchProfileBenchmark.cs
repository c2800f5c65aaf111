using System.Diagnostics;
using System.Text.Json;
using Concord.Networks;
using Concord.Torch;
using Concord.Torch.Models;
using Concord.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Bench;

/// <summary>
/// torch-profile: where one Regular training step (batch 64, 128×128) spends its time, per stage, in Concord and in Debian
/// python3-torch 1.13 with the tuned environment (bench/reference/torch_profile.py, same method). Each stage's forward and
/// backward are timed on their own, synchronously (CPU ops return when done): the stage's input is a detached leaf that
/// requires a gradient (except conv1's, whose input gradient training never computes) and the upstream gradient is fixed;
/// medians over <c>--steps</c> after 3 warm-up repetitions. Also the whole step, SGD's zero-grad and step, and PyTorch's
/// own profiler (self CPU ms per aten op and step).
/// Args: [--steps N] [--threads T] [--skip-python]
/// </summary>
public sealed class TorchProfileBenchmark : IBenchmark
{
    public string Name => "torch-profile";
    public string Description => "Regular training step per stage (forward, backward) in Concord and tuned PyTorch 1.13";

    private const int Batch = 64, Size = 128, Warmup = 3;
    private const string TunedEnvironment = "MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 OMP_WAIT_POLICY=PASSIVE";

    public int Run(string[] args)
    {
        int steps = BenchArgs.Int(args, "--steps", 10), threads = BenchArgs.Int(args, "--threads", 2);
        TorchRuntime.SetThreads(threads);
        Console.WriteLine($"torch-profile: Regular, batch {Batch}, {Size}×{Size}, {threads} threads, median of {steps}; load average {LoadAverage()}");
        Console.WriteLine($"Concord: {ConvolutionBackend.Ensure().Description}");
        torch.manual_seed(1);
        using var x = randn(Batch, 1, Size, Size);
        using var y = randint(0, 8, new long[] { Batch });
        using var net = ModelFactory.Create(new ModelOptions { Architecture = Architecture.Regular }, 1);
        using var sgd = new SgdMomentum(net.parameters(), 0.005, 0.9);
        net.train();

        var stepTimes = Repeat(steps, () =>
        {
            using var scope = NewDisposeScope();
            var sw = Stopwatch.StartNew();
            sgd.ZeroGrad();
            nn.functional.cross_entropy(net.call(x), y).backward();
            sgd.Step();
            return (sw.Elapsed.TotalMilliseconds, 0.0);
        });
        var sgdTimes = Repeat(steps, () =>
        {
            using var scope = NewDisposeScope();
            nn.functional.cross_entropy(net.call(x), y).backward();
            var sw = Stopwatch.StartNew();
            sgd.Step();
            double step = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            sgd.ZeroGrad();
            return (step, sw.Elapsed.TotalMilliseconds);
        });
        var concord = LayerTimes(net, x, y, steps);
        concord["sgd step"] = (Median(sgdTimes.Select(t => t.A)), 0);
        concord["zero grad"] = (Median(sgdTimes.Select(t => t.B)), 0);

        JsonDocument? py = args.Contains("--skip-python") ? null : RunPython(threads, steps);
        Console.WriteLine($"whole step: Concord {Median(stepTimes.Select(t => t.A)):F1} ms" + (py is null ? "" : $", PyTorch tuned {py.RootElement.GetProperty("step_ms").GetDouble():F1} ms"));
        Console.WriteLine("stage       | Concord fwd | Concord bwd | PyTorch fwd | PyTorch bwd");
        double[] sum = new double[4];
        foreach (var (name, (f, b)) in concord)
        {
            double pf = double.NaN, pb = double.NaN;
            if (py is not null && py.RootElement.GetProperty("layers").TryGetProperty(name, out var l))
                (pf, pb) = (l.GetProperty("forward_ms").GetDouble(), l.GetProperty("backward_ms").GetDouble());
            Console.WriteLine($"{name,-11} | {f,11:F2} | {b,11:F2} | {pf,11:F2} | {pb,11:F2}");
            sum[0] += f; sum[1] += b;
            if (!double.IsNaN(pf)) { sum[2] += pf; sum[3] += pb; }
        }
        Console.WriteLine($"{"sum",-11} | {sum[0],11:F2} | {sum[1],11:F2} | {sum[2],11:F2} | {sum[3],11:F2}");
        if (py is not null)
        {
            var r = py.RootElement;
            Console.WriteLine($"PyTorch {r.GetProperty("torch").GetString()} (mkldnn {r.GetProperty("mkldnn").GetBoolean()}), environment {r.GetProperty("environment").GetString()}; SGD step {r.GetProperty("sgd_step_ms").GetDouble():F2} ms, zero grad {r.GetProperty("zero_grad_ms").GetDouble():F2} ms");
            Console.WriteLine("PyTorch profiler, self CPU ms per step (top 20):");
            foreach (var op in r.GetProperty("profiler").EnumerateObject().Take(20))
                Console.WriteLine($"  {op.Name,-40} {op.Value.GetDouble(),8:F2}");
        }
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    /// <summary>The Regular forward as named stages (the names torch_profile.py uses), then the loss.</summary>
    private static List<(string Name, Func<Tensor, Tensor> F)> Stages(nn.Module<Tensor, Tensor> net, Tensor y)
    {
        var m = net.named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);
        Func<Tensor, Tensor> relu = t => nn.functional.relu(t);
        return
        [
            ("conv1", m["conv1"].call), ("bn1", m["conv1_bn1"].call), ("relu1", relu), ("pool1", m["pool1"].call),
            ("conv2", m["conv2"].call), ("bn2", m["conv2_bn2"].call), ("relu2", relu), ("pool2", m["pool2"].call),
            ("conv3", m["conv3"].call), ("bn3", m["conv3_bn3"].call), ("relu3", relu),
            ("flatten", t => t.reshape(t.shape[0], -1)),
            ("fc1", m["fc1"].call), ("relu4", relu), ("fc2", m["fc2"].call),
            ("loss", t => nn.functional.cross_entropy(t, y)),
        ];
    }

    private static Dictionary<string, (double Forward, double Backward)> LayerTimes(nn.Module<Tensor, Tensor> net, Tensor x, Tensor y, int steps)
    {
        var result = new Dictionary<string, (double, double)>();
        var h = x.alias().DetachFromDisposeScope();
        foreach (var (name, f) in Stages(net, y))
        {
            var times = Repeat(steps, () =>
            {
                using var scope = NewDisposeScope();
                foreach (var p in net.parameters()) p.grad = null;
                var leaf = h.detach().requires_grad_(name != "conv1");
                var sw = Stopwatch.StartNew();
                var o = f(leaf);
                double forward = sw.Elapsed.TotalMilliseconds;
                var g = o.dim() == 0 ? ones_like(o) : arange(o.numel(), ScalarType.Float32).remainder(7).sub(3).reshape(o.shape).mul(1e-3);
                sw.Restart();
                o.backward([g]);
                return (forward, sw.Elapsed.TotalMilliseconds);
            });
            result[name] = (Median(times.Select(t => t.A)), Median(times.Select(t => t.B)));
            if (name == "loss") break;
            using (no_grad())
            {
                var next = f(h.detach()).DetachFromDisposeScope();
                h.Dispose();
                h = next;
            }
        }
        h.Dispose();
        return result;
    }

    private static List<(double A, double B)> Repeat(int steps, Func<(double, double)> body)
    {
        for (int i = 0; i < Warmup; i++) body();
        return Enumerable.Range(0, steps).Select(_ => body()).ToList();
    }

    private static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static JsonDocument? RunPython(int threads, int steps) =>
        ReferenceScript.Run("torch_profile.py", $"--threads {threads} --steps {steps} --warmup {Warmup}", TunedEnvironment, []);

    private static string LoadAverage() => ReferenceScript.LoadAverage();
}
