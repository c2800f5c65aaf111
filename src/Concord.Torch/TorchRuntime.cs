using TorchSharp;

namespace Concord.Torch;

/// <summary>Process-wide libtorch settings: native allocator and OpenMP policy, thread count and device selection, with clear errors.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// Applies the process-wide native settings once, before the first TorchSharp call: glibc keeps freed memory for
    /// reuse (<see cref="NativeAllocator"/>, off with <c>CONCORD_ALLOCATOR=system</c>) and libgomp's idle threads sleep
    /// (<see cref="OpenMpWaitPolicy"/>, off with <c>CONCORD_OMP_WAIT=default</c>). The CLI and the benchmarks call it first
    /// thing; library users opt in by calling it. Neither setting changes a number, only speed.
    /// </summary>
    public static ProcessSettings ConfigureProcess() => new(NativeAllocator.Configure(), OpenMpWaitPolicy.Configure());

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
