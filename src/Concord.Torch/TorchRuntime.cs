using TorchSharp;

namespace Concord.Torch;

/// <summary>Process-wide libtorch settings: thread count and device selection, with clear errors.</summary>
public static class TorchRuntime
{
    /// <summary>Sets libtorch's intra-op thread count (≥ 1).</summary>
    public static void SetThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        torch.set_num_threads(threads);
    }

    /// <summary>True when libtorch can use a CUDA device.</summary>
    public static bool CudaAvailable => torch.cuda.is_available();

    /// <summary>The torch device for <paramref name="device"/>; throws <see cref="ConcordException"/> for CUDA without CUDA.</summary>
    public static torch.Device Resolve(TorchDevice device)
    {
        if (device == TorchDevice.Cpu) return torch.CPU;
        if (!CudaAvailable)
            throw new ConcordException("device cuda: CUDA is not available (no CUDA device, or this libtorch build is CPU-only); use --device cpu");
        return torch.CUDA;
    }
}
