using TorchSharp;

namespace Concord.Torch.Models;

/// <summary>How the direct CPU kernels (<see cref="MaxPoolKernel"/>, <see cref="SingleChannelConvKernel"/>) spread their
/// work: n independent items cut into <c>torch.get_num_threads()</c> contiguous ranges, one .NET worker each, so a kernel
/// uses the threads the user gave libtorch.</summary>
internal static class KernelThreads
{
    /// <summary>Calls <paramref name="body"/>(start, end) for contiguous ranges covering [0, n), in parallel.</summary>
    public static void ForRanges(long n, Action<long, long> body)
    {
        int parts = (int)Math.Min(Math.Max(1, torch.get_num_threads()), n);
        if (parts <= 1) { body(0, n); return; }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, k => body(n * k / parts, n * (k + 1) / parts));
    }

    /// <summary>
    /// out[k] = (float) Σ_image partial[image · perImage + offset + k], the images added in image order in double: how the
    /// kernels' gradients reduce their per-image sums, so the result does not depend on how the images were split.
    /// </summary>
    public static float[] SumOverImages(double[] partial, int images, int perImage, int offset, int count)
    {
        var sums = new float[count];
        for (int k = 0; k < count; k++)
        {
            double s = 0;
            for (int image = 0; image < images; image++) s += partial[(long)image * perImage + offset + k];
            sums[k] = (float)s;
        }
        return sums;
    }
}
