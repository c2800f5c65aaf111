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
}
