using System.Globalization;
using System.Security.Cryptography;

namespace Concord.IO;

/// <summary>One file of a <see cref="FileManifest"/>: its path relative to the manifest's folder ('/'-separated), size and SHA-256.</summary>
/// <param name="Path">Relative path, '/'-separated.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole file (64 digits).</param>
public sealed record ManifestFile(string Path, long Size, string Sha256);

/// <summary>One file that does not match its <see cref="ManifestFile"/>: what the manifest recorded and what is on disk.</summary>
/// <param name="Path">Absolute path of the file.</param>
/// <param name="Expected">What the manifest records (size or SHA-256).</param>
/// <param name="Found">What is on disk ("missing" for an absent file).</param>
public sealed record FileDamage(string Path, string Expected, string Found)
{
    /// <summary>The <see cref="Found"/> value of a file that is not there.</summary>
    public const string Missing = "missing";

    /// <summary>"PATH: damaged: expected X, found Y", or "PATH: missing (the manifest records X)".</summary>
    public override string ToString() =>
        Found == Missing ? $"{Path}: missing (the manifest records {Expected})" : $"{Path}: damaged: expected {Expected}, found {Found}";
}

/// <summary>What <see cref="FileManifest.Check"/> found.</summary>
/// <param name="Damaged">Files that are missing, or whose size or hash differs from the manifest.</param>
/// <param name="HashedBytes">Bytes read to compare hashes (the rest was compared by size only).</param>
public sealed record IntegrityReport(IReadOnlyList<FileDamage> Damaged, long HashedBytes)
{
    /// <summary>True when every listed file has its recorded size (and hash, where it was compared).</summary>
    public bool Intact => Damaged.Count == 0;
}

/// <summary>
/// The integrity manifest of a finished output folder: the relative path, size and SHA-256 of each of its files, written
/// with the folder's completion marker. A later reuse compares sizes always and hashes where the caller's policy asks
/// (<see cref="HashWhenCheap"/>: files of at most <see cref="CheapHashBytes"/>), so a truncated, missing or altered
/// file is found before anything reads it.
/// </summary>
public sealed record FileManifest
{
    /// <summary>Files up to this size (64 MiB) are "cheap": their hash is compared on every reuse, not only with <c>--verify</c>.
    /// Hashing reads the whole file; larger files (activations, big mel stacks) are compared by size unless every hash is asked for.</summary>
    public const long CheapHashBytes = 64L << 20;

    /// <summary>The files, sorted by path (ordinal).</summary>
    public IReadOnlyList<ManifestFile> Files { get; init; } = [];

    /// <summary>Hash policy: compare the hash of every file of at most <see cref="CheapHashBytes"/>.</summary>
    public static bool HashWhenCheap(ManifestFile f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return f.Size <= CheapHashBytes;
    }

    /// <summary>Every file under <paramref name="folder"/> (recursively), except the relative paths in <paramref name="skip"/>.</summary>
    public static FileManifest OfFolder(string folder, IReadOnlySet<string> skip)
    {
        ArgumentNullException.ThrowIfNull(skip);
        return OfFiles(folder, RelativeFiles(folder).Where(r => !skip.Contains(r)));
    }

    /// <summary>The listed files (paths relative to <paramref name="folder"/>); each must exist.</summary>
    public static FileManifest OfFiles(string folder, IEnumerable<string> relativePaths)
    {
        ArgumentNullException.ThrowIfNull(relativePaths);
        var files = relativePaths.Select(r => r.Replace('\\', '/')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(r =>
            {
                string full = Path.Combine(folder, r);
                return new ManifestFile(r, new FileInfo(full).Length, Sha256(full));
            }).ToList();
        return new FileManifest { Files = files };
    }

    /// <summary>
    /// Compares the folder's files with the manifest: each listed file must exist with its recorded size, and, when
    /// <paramref name="hash"/> says so, its recorded SHA-256. Files not listed are not looked at (<see cref="ExtraFiles"/>).
    /// </summary>
    public IntegrityReport Check(string folder, Func<ManifestFile, bool> hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var damaged = new List<FileDamage>();
        long hashed = 0;
        foreach (var f in Files)
        {
            string full = Path.Combine(folder, f.Path);
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                damaged.Add(new FileDamage(full, Bytes(f.Size), FileDamage.Missing));
                continue;
            }
            if (info.Length != f.Size)
            {
                damaged.Add(new FileDamage(full, Bytes(f.Size), Bytes(info.Length)));
                continue;
            }
            if (!hash(f)) continue;
            string found = Sha256(full);
            hashed += f.Size;
            if (!string.Equals(found, f.Sha256, StringComparison.Ordinal))
                damaged.Add(new FileDamage(full, "SHA-256 " + f.Sha256[..16] + "…", "SHA-256 " + found[..16] + "… (same size, different content)"));
        }
        return new IntegrityReport(damaged, hashed);
    }

    /// <summary>Files under <paramref name="folder"/> that the manifest does not list (relative paths), except those in <paramref name="skip"/>.</summary>
    public IReadOnlyList<string> ExtraFiles(string folder, IReadOnlySet<string> skip)
    {
        ArgumentNullException.ThrowIfNull(skip);
        var listed = Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return RelativeFiles(folder).Where(r => !listed.Contains(r) && !skip.Contains(r)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    private static IEnumerable<string> RelativeFiles(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            : [];

    private static string Bytes(long n) => n.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
