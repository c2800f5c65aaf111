using System.Globalization;

namespace Concord.IO;

/// <summary>
/// Free-space checks before large outputs (a prepared cache's mel stack, every streamed <c>.npy</c>): an output that
/// cannot fit is refused before its first byte, with the estimate and the free space, instead of filling the disk and
/// failing part-way.
/// </summary>
public static class DiskSpace
{
    /// <summary>
    /// Refuses (exit 1) when <paramref name="bytes"/> exceed the free space of the file system that holds
    /// <paramref name="path"/> (or its nearest existing folder). When the free space cannot be read, nothing is refused.
    /// </summary>
    /// <param name="path">The output file or folder.</param>
    /// <param name="bytes">Bytes the output will need.</param>
    /// <param name="what">What needs them, in the user's words (e.g. "mel.npy [480, 128, 128] float32").</param>
    public static void Require(string path, long bytes, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (bytes <= 0 || FreeBytes(path) is not long free || bytes <= free) return;
        throw ConcordException.InFile(path, $"not enough free space: {what} needs about {Format(bytes)}, but its file system has {Format(free)} free; "
                                            + "free some space or choose another output folder");
    }

    /// <summary>Free bytes (for this user) of the file system holding <paramref name="path"/> or its nearest existing folder, or null.</summary>
    public static long? FreeBytes(string path)
    {
        string? dir = Path.GetFullPath(path);
        while (dir is not null && !Directory.Exists(dir)) dir = Path.GetDirectoryName(dir);
        if (dir is null) return null;
        try { return new DriveInfo(dir).AvailableFreeSpace; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException) { return null; }
    }

    /// <summary>"512 KiB", "3.1 MiB", "2.4 GiB".</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F0} KiB"),
        < 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB"),
    };
}
