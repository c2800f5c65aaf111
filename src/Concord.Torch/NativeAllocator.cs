using System.Runtime.InteropServices;

namespace Concord.Torch;

/// <summary>How the process's C allocator (glibc malloc, which libtorch's CPU tensors use) treats large blocks.</summary>
public enum AllocatorMode
{
    /// <summary>
    /// Keep freed memory for reuse (the default applied by the CLI and the benchmarks): <c>mallopt(M_MMAP_MAX, 0)</c> serves
    /// every block from the heap instead of a fresh <c>mmap</c>, and <c>mallopt(M_TRIM_THRESHOLD, 2³¹−1)</c> never gives the
    /// heap's free top back to the kernel. The resident size stays near the peak of one batch plus fragmentation: training
    /// Regular for 60 epochs it went from 0.90 GB (epoch 4) to 1.12 GB (epoch 60) in ever rarer ~20 MB steps
    /// (docs/torch.md, "Speed").
    /// </summary>
    Retain,

    /// <summary>glibc's defaults: blocks above the (dynamic, ≤ 32 MB) mmap threshold are mapped and unmapped on every use.</summary>
    System,
}

/// <summary>What <see cref="NativeAllocator.Configure"/> did in this process.</summary>
/// <param name="Mode">The mode asked for (environment variable <c>CONCORD_ALLOCATOR</c>: retain or system).</param>
/// <param name="Applied">Whether the retain settings were accepted by the C library (false for <see cref="AllocatorMode.System"/>,
/// or where there is no glibc <c>mallopt</c>).</param>
/// <param name="Description">One line for logs and benchmark output.</param>
public sealed record AllocatorState(AllocatorMode Mode, bool Applied, string Description);

/// <summary>
/// Process-wide allocator setting for libtorch's CPU tensors. Why: a batch of 64 at 128×128 allocates and frees tensors of
/// tens of MB (conv1's output is 64·10·124·124·4 B = 39 MB; the native convolution's im2col buffer is 98 MB). glibc serves
/// blocks above its mmap threshold (at most 32 MB) with a fresh <c>mmap</c> and unmaps them on free, so every batch pays a
/// page fault per 4 KB page again: on the 2-core VM this project is measured on that was ~2 ms per MB, 80 ms for one 39 MB
/// ReLU against 1.5 ms when the memory is reused, and most of a training step. Debian's PyTorch pays the same cost; its
/// equivalent is the environment <c>MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647</c>.
/// <para>Call <see cref="Configure"/> (or <see cref="TorchRuntime.ConfigureProcess"/>) once at the start of the process
/// (the CLI's <c>Program</c> and the benchmark do); it is an explicit opt-in for library users.
/// <c>CONCORD_ALLOCATOR=system</c> turns it off. It changes no numbers, only where memory comes from.</para>
/// </summary>
public static class NativeAllocator
{
    /// <summary>Environment variable that selects the mode: <c>retain</c> (default) or <c>system</c>.</summary>
    public const string EnvironmentVariable = "CONCORD_ALLOCATOR";

    /// <summary>The trim threshold used by <see cref="AllocatorMode.Retain"/>: the largest value <c>mallopt</c> accepts.</summary>
    public const int TrimThreshold = int.MaxValue;

    private const int MTrimThreshold = -1, MMmapMax = -4;

    private static readonly Lazy<AllocatorState> State = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Applies the mode named by <see cref="EnvironmentVariable"/> once per process; later calls return the same state.</summary>
    public static AllocatorState Configure() => State.Value;

    /// <summary>Parses a <see cref="EnvironmentVariable"/> value (null or empty means <see cref="AllocatorMode.Retain"/>).</summary>
    public static AllocatorMode ParseMode(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "retain" => AllocatorMode.Retain,
        "system" or "default" => AllocatorMode.System,
        _ => throw new ConcordException($"environment variable {EnvironmentVariable}: '{value}' is not one of retain, system"),
    };

    private static AllocatorState Apply()
    {
        var mode = ParseMode(Environment.GetEnvironmentVariable(EnvironmentVariable));
        if (mode == AllocatorMode.System)
            return new(mode, false, "allocator: glibc defaults (" + EnvironmentVariable + "=system)");
        if (!OperatingSystem.IsLinux())
            return new(mode, false, "allocator: unchanged (retain applies to glibc on Linux only)");
        try
        {
            // mallopt returns 1 on success, 0 on error.
            bool ok = Native.Mallopt(MMmapMax, 0) == 1 & Native.Mallopt(MTrimThreshold, TrimThreshold) == 1;
            return new(mode, ok, ok
                ? "allocator: freed memory retained for reuse (mallopt M_MMAP_MAX=0, M_TRIM_THRESHOLD=2147483647)"
                : "allocator: unchanged (mallopt refused the retain settings)");
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return new(mode, false, "allocator: unchanged (no glibc mallopt: " + ex.GetType().Name + ")");
        }
    }

    /// <summary>
    /// Gives the C heap's free memory back to the kernel (glibc <c>malloc_trim(0)</c>), which <see cref="AllocatorMode.Retain"/>
    /// otherwise keeps resident for the next batch. A study calls it when a task ends, so that what one task's tensors
    /// freed (a training's ~1–1.7 GB) does not stay resident beside the next task's working set. Returns whether memory
    /// was released; false where there is no glibc.
    /// </summary>
    public static bool GiveBack()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try { return Native.MallocTrim(0) == 1; }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException) { return false; }
    }

    private static class Native
    {
        [DllImport("libc", EntryPoint = "mallopt")]
        public static extern int Mallopt(int parameter, int value);

        [DllImport("libc", EntryPoint = "malloc_trim")]
        public static extern int MallocTrim(nuint pad);
    }
}
