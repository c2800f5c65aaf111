using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch;

/// <summary>Which libtorch CPU convolution implementation Concord lets libtorch use.</summary>
public enum ConvolutionBackendChoice
{
    /// <summary>oneDNN where the CPU has AVX-512 and oneDNN passes the known-answer check, native otherwise (the default).</summary>
    Auto,

    /// <summary>oneDNN (mkldnn) always, even when it fails the check.</summary>
    OneDnn,

    /// <summary>libtorch's own im2col + GEMM convolution (oneDNN disabled).</summary>
    Native,
}

/// <summary>The decision taken for this process, with the check's evidence.</summary>
/// <param name="Choice">What was asked for (environment variable <c>CONCORD_CONV_BACKEND</c>: auto, onednn, native).</param>
/// <param name="OneDnnEnabled">Whether libtorch may use oneDNN for convolutions.</param>
/// <param name="MaxRelativeError">Largest relative difference between oneDNN and the native convolution over the check's
/// forward outputs and gradients (NaN when the check did not run).</param>
/// <param name="Description">One line for logs and manifests.</param>
public sealed record ConvolutionBackendState(ConvolutionBackendChoice Choice, bool OneDnnEnabled, double MaxRelativeError, string Description);

/// <summary>
/// Guards against wrong CPU convolutions. The oneDNN 3.7.1 bundled in libtorch 2.10 was seen to return wrong convolutions
/// (errors of order 10, not rounding) on an AMD Zen 5 virtual machine whenever the input-channel count is not a multiple of
/// the SIMD block (20 channels into conv3, 10 into conv2), while libtorch's native convolution and Debian's PyTorch 1.13 are
/// correct there. Before the first model is built, this runs the study's convolution shapes (forward, input and weight
/// gradients) through both implementations on fixed inputs; if they disagree by more than 1e-4 relative, oneDNN is switched
/// off for the process (<c>at::Context::setUserEnabledMkldnn(false)</c>), which TorchSharp does not expose.
/// <para>oneDNN is also left off on CPUs without AVX-512, for speed: on an AVX2-only AMD Zen 3 VM oneDNN passes the check,
/// but its weight gradient of conv1 (one input channel) took ~600 ms per batch against ~75 ms native, which made a Regular
/// training step ~1.8× slower overall (docs/torch.md, "Measured"). The check still runs there, so its evidence is
/// reported.</para>
/// The check takes a few milliseconds, consumes no torch random numbers and runs once per process.
/// </summary>
public static class ConvolutionBackend
{
    /// <summary>Environment variable that overrides the choice: <c>auto</c> (default), <c>onednn</c> or <c>native</c>.</summary>
    public const string EnvironmentVariable = "CONCORD_CONV_BACKEND";

    /// <summary>Relative disagreement above which oneDNN is considered wrong (float32 rounding is ~1e-6).</summary>
    public const double Tolerance = 1e-4;

    private static readonly Lazy<ConvolutionBackendState> Decision = new(Decide, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs the check once (thread-safe) and applies its decision; later calls return the same state.</summary>
    public static ConvolutionBackendState Ensure() => Decision.Value;

    private static ConvolutionBackendChoice ParseChoice()
    {
        string? value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => ConvolutionBackendChoice.Auto,
            "onednn" or "mkldnn" => ConvolutionBackendChoice.OneDnn,
            "native" => ConvolutionBackendChoice.Native,
            _ => throw new ConcordException($"environment variable {EnvironmentVariable}: '{value}' is not one of auto, onednn, native"),
        };
    }

    private static ConvolutionBackendState Decide()
    {
        var choice = ParseChoice();
        torch.InitializeDeviceType(DeviceType.CPU);
        IntPtr context = Native.GlobalContext();
        // Without oneDNN, libtorch tries NNPACK first; where NNPACK cannot initialise ('Unsupported hardware') it prints a
        // warning on every call. NNPACK stays off: the im2col + GEMM path is the one the check compares against.
        Native.SetUserEnabledNnpack(context, false);
        switch (choice)
        {
            case ConvolutionBackendChoice.OneDnn:
                Native.SetUserEnabledMkldnn(context, true);
                return new(choice, true, double.NaN, "oneDNN convolutions (forced by " + EnvironmentVariable + ")");
            case ConvolutionBackendChoice.Native:
                Native.SetUserEnabledMkldnn(context, false);
                return new(choice, false, double.NaN, "native libtorch convolutions (forced by " + EnvironmentVariable + ")");
        }
        double error = MaxDisagreement(context);
        bool correct = error <= Tolerance, enabled = correct && FastOnThisCpu;
        Native.SetUserEnabledMkldnn(context, enabled);
        string description = !correct
            ? $"native libtorch convolutions: oneDNN failed the known-answer check on this CPU (max relative difference {error:E2})"
            : enabled
                ? $"oneDNN convolutions (known-answer check passed, max relative difference {error:E1})"
                : $"native libtorch convolutions: no AVX-512 on this CPU, where oneDNN's single-input-channel weight gradient is slow (known-answer check passed, max relative difference {error:E1})";
        return new(choice, enabled, error, description);
    }

    /// <summary>Whether <see cref="ConvolutionBackendChoice.Auto"/> may pick oneDNN when it is correct: only with AVX-512
    /// (see the class remarks).</summary>
    public static bool FastOnThisCpu => System.Runtime.Intrinsics.X86.Avx512F.IsSupported;

    /// <summary>The study's convolution shapes: (in, out, H, W, kernel, stride, padding, dilation), (freq, time) pairs.</summary>
    private static readonly (int In, int Out, int H, int W, (int, int) K, (int, int) S, (int, int) P, (int, int) D)[] Shapes =
    [
        (1, 10, 20, 20, (5, 5), (1, 1), (0, 0), (1, 1)),
        (10, 20, 30, 30, (5, 5), (3, 3), (3, 3), (1, 1)),
        (20, 30, 11, 11, (5, 5), (2, 2), (0, 0), (1, 1)),
        (10, 20, 29, 29, (5, 5), (2, 2), (3, 3), (2, 2)),
        (20, 30, 14, 12, (5, 1), (2, 1), (1, 0), (1, 1)),
        (20, 30, 12, 14, (1, 5), (1, 2), (0, 1), (1, 1)),
        (20, 30, 30, 30, (5, 5), (5, 5), (0, 0), (1, 1)),
        (20, 50, 11, 11, (3, 3), (2, 2), (1, 1), (1, 1)),
    ];

    private static double MaxDisagreement(IntPtr context)
    {
        var random = new Random(20260101);
        double worst = 0;
        foreach (var s in Shapes)
        {
            const int batch = 4;
            float[] x = Fill(random, batch * s.In * s.H * s.W), w = Fill(random, s.Out * s.In * s.K.Item1 * s.K.Item2);
            Native.SetUserEnabledMkldnn(context, true);
            var a = Run(x, w, batch, s);
            Native.SetUserEnabledMkldnn(context, false);
            var b = Run(x, w, batch, s);
            for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, RelativeDifference(a[i], b[i]));
        }
        return worst;
    }

    private static float[] Fill(Random random, int n)
    {
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return data;
    }

    private static float[][] Run(float[] xData, float[] wData, int batch, (int In, int Out, int H, int W, (int, int) K, (int, int) S, (int, int) P, (int, int) D) s)
    {
        using var scope = NewDisposeScope();
        var x = tensor(xData, [batch, s.In, s.H, s.W]).requires_grad_();
        var w = tensor(wData, [s.Out, s.In, s.K.Item1, s.K.Item2]).requires_grad_();
        var y = nn.functional.conv2d(x, w, strides: [s.S.Item1, s.S.Item2], padding: [s.P.Item1, s.P.Item2], dilation: [s.D.Item1, s.D.Item2]);
        // A fixed, non-uniform upstream gradient so that every output position matters.
        var g = arange(y.numel(), ScalarType.Float32).reshape(y.shape).remainder(7).sub(3);
        y.mul(g).sum().backward();
        return [y.data<float>().ToArray(), x.grad!.data<float>().ToArray(), w.grad!.data<float>().ToArray()];
    }

    private static double RelativeDifference(float[] a, float[] b)
    {
        double scale = 1e-12, diff = 0;
        for (int i = 0; i < a.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(b[i]));
            double d = Math.Abs((double)a[i] - b[i]);
            diff = double.IsFinite(d) ? Math.Max(diff, d) : double.PositiveInfinity;
        }
        return diff / scale;
    }

    /// <summary>The libtorch C++ entry points TorchSharp does not wrap (x86-64 System V: <c>this</c> is the first argument).</summary>
    private static class Native
    {
        [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
        public static extern IntPtr GlobalContext();

        [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
        public static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
        public static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
    }
}
