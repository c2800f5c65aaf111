using System.Runtime.InteropServices;

namespace Concord.Numerics;

/// <summary>
/// Large managed arrays whose pages Linux may back with transparent huge pages. A fresh array costs one page fault per
/// 4 KiB page at its first write; on virtual machines a fault can take about 11 µs, so writing a new 460 MB array took
/// 1.3 s on the project's Zen 5 VM, and 0.1–0.2 s once its range was advised for 2 MiB pages (docs/similarity.md,
/// Performance). numpy gives its large allocations the same advice. The advice changes no value: it only asks the kernel
/// to back the range with 2 MiB pages, when <c>/sys/kernel/mm/transparent_hugepage/enabled</c> is <c>madvise</c> or
/// <c>always</c>; elsewhere (another system, THP off, a refused call) the array is an ordinary one.
/// </summary>
public static class LargeArrays
{
    /// <summary>Arrays smaller than this (in bytes) are not advised: they span few whole 2 MiB pages.</summary>
    public const long AdviseFromBytes = 8L << 20;

    private const long HugePageBytes = 2L << 20;
    private const int MadviseHugePage = 14;   // MADV_HUGEPAGE

    /// <summary>A zeroed array of <paramref name="length"/> doubles, its whole 2 MiB pages advised.</summary>
    public static double[] Doubles(long length)
    {
        var a = new double[length];
        Advise(a);
        return a;
    }

    /// <summary>A zeroed array of <paramref name="length"/> floats, its whole 2 MiB pages advised.</summary>
    public static float[] Floats(long length)
    {
        var a = new float[length];
        Advise(a);
        return a;
    }

    /// <summary>
    /// Advises the whole 2 MiB pages inside <paramref name="array"/> for huge pages; true when the kernel accepted it.
    /// Call it before the array is first written: pages already touched keep their size.
    /// </summary>
    public static unsafe bool Advise<T>(T[] array) where T : unmanaged
    {
        long bytes = array.LongLength * sizeof(T);
        if (bytes < AdviseFromBytes || !OperatingSystem.IsLinux()) return false;
        fixed (T* p = array)
        {
            long start = ((long)p + HugePageBytes - 1) & ~(HugePageBytes - 1), end = ((long)p + bytes) & ~(HugePageBytes - 1);
            if (end <= start) return false;
            try { return Libc.Madvise((nint)start, (nuint)(end - start), MadviseHugePage) == 0; }
            catch (DllNotFoundException) { return false; }
            catch (EntryPointNotFoundException) { return false; }
        }
    }

    private static class Libc
    {
        [DllImport("libc", EntryPoint = "madvise")]
        public static extern int Madvise(nint address, nuint length, int advice);
    }
}
