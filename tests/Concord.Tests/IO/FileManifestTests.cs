using System.Security.Cryptography;
using Concord.IO;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.IO;

public class FileManifestTests
{
    private static string Folder(TempDir t)
    {
        string d = t.File("artefact");
        Directory.CreateDirectory(Path.Combine(d, "features"));
        File.WriteAllBytes(Path.Combine(d, "model.bin"), Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray());
        File.WriteAllText(Path.Combine(d, "features", "rms.npy"), "not really npy, but bytes");
        File.WriteAllText(Path.Combine(d, ".done"), "marker");
        return d;
    }

    private static readonly IReadOnlySet<string> Marker = new HashSet<string> { ".done" };

    [Fact]
    public void RecordsRelativePathSizeAndSha256OfEveryFileButTheSkippedOnes()
    {
        using var t = new TempDir();
        string d = Folder(t);
        var m = FileManifest.OfFolder(d, Marker);
        Assert.Equal(["features/rms.npy", "model.bin"], m.Files.Select(f => f.Path));
        var model = m.Files.Single(f => f.Path == "model.bin");
        Assert.Equal(1000, model.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(d, "model.bin")))), model.Sha256);
        Assert.True(m.Check(d, _ => true).Intact);
        Assert.Empty(m.ExtraFiles(d, Marker));
    }

    [Fact]
    public void ATamperedByteIsFoundByItsHashButNotBySizeAlone()
    {
        using var t = new TempDir();
        string d = Folder(t);
        var m = FileManifest.OfFolder(d, Marker);
        string model = Path.Combine(d, "model.bin");
        var bytes = File.ReadAllBytes(model);
        bytes[500] ^= 0x01;
        File.WriteAllBytes(model, bytes);

        var hashed = m.Check(d, _ => true);
        var damage = Assert.Single(hashed.Damaged);
        Assert.Equal(model, damage.Path);
        Assert.Contains("SHA-256", damage.Expected, StringComparison.Ordinal);
        Assert.Contains("different content", damage.Found, StringComparison.Ordinal);
        Assert.StartsWith(model + ": damaged: expected SHA-256 ", damage.ToString(), StringComparison.Ordinal);
        Assert.Equal(1000 + 25, hashed.HashedBytes);
        // Size-only comparison (the policy for large files outside --verify) cannot see a same-size change.
        Assert.True(m.Check(d, _ => false).Intact);
        Assert.Equal(0, m.Check(d, _ => false).HashedBytes);
    }

    [Fact]
    public void ATruncatedFileIsFoundBySizeWithoutHashing()
    {
        using var t = new TempDir();
        string d = Folder(t);
        var m = FileManifest.OfFolder(d, Marker);
        string model = Path.Combine(d, "model.bin");
        using (var f = new FileStream(model, FileMode.Open)) f.SetLength(999);
        var r = m.Check(d, _ => false);
        var damage = Assert.Single(r.Damaged);
        Assert.Equal(model + ": damaged: expected 1,000 bytes, found 999 bytes", damage.ToString());
    }

    [Fact]
    public void AMissingFileIsDamageAndAnExtraFileIsOnlyListed()
    {
        using var t = new TempDir();
        string d = Folder(t);
        var m = FileManifest.OfFolder(d, Marker);
        File.Delete(Path.Combine(d, "features", "rms.npy"));
        File.WriteAllText(Path.Combine(d, "notes.txt"), "a user's note");
        var r = m.Check(d, _ => true);
        var damage = Assert.Single(r.Damaged);
        Assert.Equal(FileDamage.Missing, damage.Found);
        Assert.Equal(Path.Combine(d, "features", "rms.npy") + ": missing (the manifest records 25 bytes)", damage.ToString());
        Assert.Equal(["notes.txt"], m.ExtraFiles(d, Marker));
    }

    [Fact]
    public void CheapMeansAtMost64MiB()
    {
        Assert.True(FileManifest.HashWhenCheap(new ManifestFile("a", FileManifest.CheapHashBytes, "")));
        Assert.False(FileManifest.HashWhenCheap(new ManifestFile("a", FileManifest.CheapHashBytes + 1, "")));
    }
}

public class DiskSpaceTests
{
    [Fact]
    public void AnOutputLargerThanTheFreeSpaceIsRefusedBeforeItsFirstByte()
    {
        using var t = new TempDir();
        long free = DiskSpace.FreeBytes(t.Path) ?? throw new InvalidOperationException("free space unreadable here");
        Assert.True(free > 0);
        DiskSpace.Require(t.File("small.npy"), 1024, "a small file");                       // fits: no error
        var ex = Assert.Throws<ConcordException>(() => DiskSpace.Require(t.File("sub/huge.npy"), free + (1L << 30), "huge.npy"));
        Assert.StartsWith(t.File("sub/huge.npy") + ": not enough free space: huge.npy needs about ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(" free; free some space or choose another output folder", ex.Message, StringComparison.Ordinal);

        // A streamed .npy of 4 PiB: refused when the writer is created, and no temporary is left.
        var npy = Assert.Throws<ConcordException>(() => new NpyRowWriter<float>(t.File("acts.npy"), 1L << 30, 1L << 20));
        Assert.Contains("acts.npy [1073741824, 1048576] <f4 needs about 4194304.0 GiB", npy.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(t.Path));
        Assert.Equal("512 KiB", DiskSpace.Format(512 * 1024));
        Assert.Equal("1.5 MiB", DiskSpace.Format(3 << 19));
    }
}
