using System.Diagnostics;
using Concord.Torch;
using Concord.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Bench;

/// <summary>
/// conv-kernels: the convolutions of the study's networks at batch 64, 128 × 128 input, through libtorch's convolution
/// (<c>nn.Conv2d</c>) and through <see cref="DirectConv2d"/>'s kernels, forward and backward timed apart (medians of 30
/// after 3 warm-ups), with the largest relative differences of the outputs and gradients. conv1's input needs no
/// gradient (a batch of spectrograms); the later layers' inputs do. Args: [--threads T] [--layers a,b,…]
/// </summary>
public sealed class ConvKernelsBenchmark : IBenchmark
{
    public string Name => "conv-kernels";
    public string Description => "each layer's convolution through libtorch and through DirectConv2d's kernels";

    private sealed record Layer(string Name, int In, int Out, (int F, int T) Kernel, (int F, int T) Stride, (int F, int T) Padding,
        (int F, int T) Dilation, int H, int W);

    private static readonly Layer[] Layers =
    [
        new("regular-conv1", 1, 10, (5, 5), (1, 1), (0, 0), (1, 1), 128, 128),
        new("dilated-conv1", 1, 10, (5, 5), (1, 1), (0, 0), (3, 3), 128, 128),
        new("regular-conv2", 10, 20, (5, 5), (3, 3), (3, 3), (1, 1), 62, 62),
        new("regular-conv3", 20, 30, (5, 5), (2, 2), (0, 0), (1, 1), 11, 11),
        new("dilated-conv2", 10, 20, (5, 5), (2, 2), (3, 3), (2, 2), 58, 58),
        new("freq1d-conv2", 10, 20, (5, 1), (2, 1), (3, 0), (2, 1), 58, 128),
    ];

    public int Run(string[] args)
    {
        int threads = BenchArgs.Int(args, "--threads", 2);
        var only = BenchArgs.String(args, "--layers", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        TorchRuntime.SetThreads(threads);
        Console.WriteLine($"conv-kernels: batch 64, {threads} threads; {ConvolutionBackend.Ensure().Description}");
        double libtorchTotal = 0, directTotal = 0;
        foreach (var l in Layers.Where(l => only.Length == 0 || only.Contains(l.Name)))
        {
            using var scope = NewDisposeScope();
            manual_seed(1);
            var native = nn.Conv2d(l.In, l.Out, (l.Kernel.F, l.Kernel.T), stride: (l.Stride.F, l.Stride.T), padding: (l.Padding.F, l.Padding.T),
                dilation: (l.Dilation.F, l.Dilation.T));
            manual_seed(1);
            var direct = new DirectConv2d(l.In, l.Out, l.Kernel, l.Stride, l.Padding, l.Dilation);
            var gen = new Generator(2);
            var x = randn(new long[] { 64, l.In, l.H, l.W }, generator: gen);
            bool inputGradient = l.In > 1;
            var upstream = randn(native.call(x).shape, generator: gen);
            var (nf, nb) = Time(native, x, upstream, inputGradient);
            var (kf, kb) = Time(direct, x, upstream, inputGradient);
            libtorchTotal += nf + nb; directTotal += kf + kb;
            native.zero_grad(); direct.zero_grad();
            var xn = x.clone().requires_grad_(inputGradient); var xk = x.clone().requires_grad_(inputGradient);
            var yn = native.call(xn); var yk = direct.call(xk);
            yn.backward([upstream]); yk.backward([upstream]);
            string dx = inputGradient ? $", input gradient {Relative(xn.grad!, xk.grad!):E1}" : "";
            Console.WriteLine($"{l.Name} ({l.In}→{l.Out}, {l.H}×{l.W}, kernel {l.Kernel}, stride {l.Stride}, padding {l.Padding}, dilation {l.Dilation}): " +
                $"libtorch {nf:F1} + {nb:F1} ms (forward + backward), DirectConv2d {kf:F1} + {kb:F1} ms; {(nf + nb) / (kf + kb):F2}× faster; " +
                $"largest relative difference: output {Relative(yn, yk):E1}, weight gradient {Relative(native.weight!.grad!, direct.weight!.grad!):E1}, " +
                $"bias gradient {Relative(native.bias!.grad!, direct.bias!.grad!):E1}{dx}");
        }
        Console.WriteLine($"all layers timed: libtorch {libtorchTotal:F1} ms, DirectConv2d {directTotal:F1} ms; {libtorchTotal / directTotal:F2}× faster");
        return 0;
    }

    private static (double Forward, double Backward) Time(nn.Module<Tensor, Tensor> layer, Tensor x, Tensor upstream, bool inputGradient)
    {
        var forward = new List<double>(); var backward = new List<double>();
        for (int r = 0; r < 33; r++)
        {
            using var scope = NewDisposeScope();
            layer.zero_grad();
            var input = inputGradient ? x.detach().requires_grad_(true) : x;
            var sw = Stopwatch.StartNew();
            var y = layer.call(input);
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
