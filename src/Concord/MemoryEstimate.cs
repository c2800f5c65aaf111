using System.Globalization;

namespace Concord;

/// <summary>
/// The working set a computation will hold at its peak, part by part, estimated from its shapes before anything is
/// allocated, so that a task which would not fit the memory budget is refused with the numbers instead of exhausting
/// the machine part-way (docs/hardening.md, "Memory").
/// </summary>
/// <param name="Parts">What is held and how many bytes, in the user's words ("activations, float32").</param>
public sealed record MemoryEstimate(IReadOnlyList<MemoryEstimate.Part> Parts)
{
    /// <summary>One array (or group of arrays) of the working set.</summary>
    public sealed record Part(string What, long Bytes);

    /// <summary>Total bytes.</summary>
    public long Bytes => Parts.Sum(p => p.Bytes);

    /// <summary>"9.1 GB (activations, float32 2.2 GB; …)".</summary>
    public override string ToString() =>
        $"{Format(Bytes)} ({string.Join("; ", Parts.Where(p => p.Bytes > 0).Select(p => $"{p.What} {Format(p.Bytes)}"))})";

    /// <summary>Decimal units with one decimal at most: "0.4 GB" from 0.1 GB, "12 MB" from 1 MB, "85 kB" below.</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:F0} kB"),
        < 100_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F0} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:F1} GB"),
    };
}
