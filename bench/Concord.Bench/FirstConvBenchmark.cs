using System.Diagnostics;
using Concord.Torch;
using Concord.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Bench;

/// <summary>
/// first-conv: conv1 of the study's networks (one input channel, 10 outputs, 5 × 5, batch 64, 128 × 128) through
/// libtorch's convolution (<c>nn.Conv2d</c>) and through <see cref="FirstConv2d"/>'s kernel, forward and backward (weight
/// and bias gradients) timed apart, medians of 30 after 3 warm-ups, for dilation 1 (Regular, Deformable) and 3 (Dilated);
/// and the largest relative differences of the outputs and gradients. Args: [--threads T]
/// </summary>
public sealed class FirstConvBenchmark : IBenchmark
{
    public string Name => "first-conv";
    public string Description => "conv1 (one input channel) through libtorch's convolution and through FirstConv2d's kernel";

    public int Run(string[] args)
    {
        int threads = BenchArgs.Int(args, "--threads", 2);
        TorchRuntime.SetThreads(threads);
        Console.WriteLine($"first-conv: batch 64, 1 → 10 channels, 5 × 5, 128 × 128, {threads} threads; {ConvolutionBackend.Ensure().Description}");
        foreach (int dilation in new[] { 1, 3 })
        {
            using var scope = NewDisposeScope();
            manual_seed(1);
            var native = nn.Conv2d(1, 10, 5, dilation: dilation);
            manual_seed(1);
            var kernel = new FirstConv2d(1, 10, (5, 5), (1, 1), (0, 0), (dilation, dilation));
            var gen = new Generator(2);
            var x = randn(new long[] { 64, 1, 128, 128 }, generator: gen);
            long size = 128 - 4 * dilation;
            var upstream = randn(new long[] { 64, 10, size, size }, generator: gen);
            var (nf, nb) = Time(native, x, upstream);
            var (kf, kb) = Time(kernel, x, upstream);
            native.zero_grad(); kernel.zero_grad();
            var yn = native.call(x); var yk = kernel.call(x);
            yn.backward([upstream]); yk.backward([upstream]);
            Console.WriteLine($"dilation {dilation}: libtorch {nf:F1} + {nb:F1} ms (forward + backward), FirstConv2d {kf:F1} + {kb:F1} ms; " +
                $"{(nf + nb) / (kf + kb):F2}× faster; largest relative difference: output {Relative(yn, yk):E1}, " +
                $"weight gradient {Relative(native.weight!.grad!, kernel.weight!.grad!):E1}, bias gradient {Relative(native.bias!.grad!, kernel.bias!.grad!):E1}");
        }
        return 0;
    }

    private static (double Forward, double Backward) Time(nn.Module<Tensor, Tensor> layer, Tensor x, Tensor upstream)
    {
        var forward = new List<double>(); var backward = new List<double>();
        for (int r = 0; r < 33; r++)
        {
            using var scope = NewDisposeScope();
            layer.zero_grad();
            var sw = Stopwatch.StartNew();
            var y = layer.call(x);
            double f = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            y.backward([upstream]);
            if (r >= 3) { forward.Add(f); backward.Add(sw.Elapsed.TotalMilliseconds); }
        }
        forward.Sort(); backward.Sort();
        return (forward[forward.Count / 2], backward[backward.Count / 2]);
    }

    private static double Relative(Tensor expected, Tensor actual) =>
        ((expected - actual).abs().max() / expected.abs().max()).item<float>();
}
