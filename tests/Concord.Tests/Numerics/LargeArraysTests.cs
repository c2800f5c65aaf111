using System.Globalization;
using System.Runtime.InteropServices;
using Concord.Numerics;

namespace Concord.Tests.Numerics;

/// <summary>Run alone: a test running beside it may force a compacting collection of the large object heap
/// (<c>GCCollectionMode.Aggressive</c>, as a study does between tasks), which could move the array to pages that were never
/// advised before this test pins it.</summary>
[CollectionDefinition(nameof(LargeArraysTests), DisableParallelization = true)]
public sealed class LargeArraysAlone;

[Collection(nameof(LargeArraysTests))]
public sealed class LargeArraysTests
{
    [Fact]
    public void ALargeArrayIsZeroAndItsWholeHugePagesAreAdvised()
    {
        var a = LargeArrays.Doubles(3_000_000);   // 24 MB: several whole 2 MiB pages
        var handle = GCHandle.Alloc(a, GCHandleType.Pinned);   // at once: from here the array cannot move
        try
        {
            Assert.Equal(-1, Array.FindIndex(a, v => v != 0.0));
            if (!ThpAdvisable()) return;   // not Linux, or transparent huge pages are off: the array is an ordinary one
            long address = handle.AddrOfPinnedObject();
            long inside = (address + (2L << 20) - 1) & ~((2L << 20) - 1);   // the first whole huge page of the array
            Assert.True(HasHugePageFlag(inside), "the array's first whole 2 MiB page is not marked for huge pages (VmFlags hg)");
        }
        finally { handle.Free(); }
    }

    [Fact]
    public void SmallArraysAreLeftAloneAndAdvisingChangesNoValue()
    {
        var small = new double[1000];
        Assert.False(LargeArrays.Advise(small));
        var f = new float[(LargeArrays.AdviseFromBytes / sizeof(float)) + 5];
        for (int i = 0; i < f.Length; i++) f[i] = i % 97;
        LargeArrays.Advise(f);
        for (int i = 0; i < f.Length; i++) Assert.Equal(i % 97, f[i]);
    }

    private static bool ThpAdvisable()
    {
        const string path = "/sys/kernel/mm/transparent_hugepage/enabled";
        if (!OperatingSystem.IsLinux() || !File.Exists(path)) return false;
        string mode = File.ReadAllText(path);
        return mode.Contains("[madvise]", StringComparison.Ordinal) || mode.Contains("[always]", StringComparison.Ordinal);
    }

    /// <summary>Whether the mapping of /proc/self/smaps that holds <paramref name="address"/> carries the "hg" flag.</summary>
    private static bool HasHugePageFlag(long address)
    {
        bool inRange = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            if (dash > 0 && line.IndexOf(' ') > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long from)
                && long.TryParse(line.AsSpan(dash + 1, line.IndexOf(' ') - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long to))
                inRange = from <= address && address < to;
            else if (inRange && line.StartsWith("VmFlags:", StringComparison.Ordinal))
                return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("hg");
        }
        return false;
    }
}
