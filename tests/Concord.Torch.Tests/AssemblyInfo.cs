using System.Runtime.CompilerServices;

// libtorch's thread count and random generator are process-wide: run these tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Concord.Torch.Tests;

internal static class TestSetup
{
    /// <summary>One libtorch thread: tiny models gain nothing from more, and OpenMP spinning on a shared 2-core machine is slow.</summary>
    [ModuleInitializer]
    internal static void SingleThread() => TorchRuntime.SetThreads(1);
}
