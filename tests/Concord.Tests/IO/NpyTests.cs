using Concord.IO;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.IO;

public class NpyTests
{
    [Fact]
    public void RoundTripsFloat32MatrixWithNumpyCompatibleHeader()
    {
        using var t = new TempDir();
        string p = t.File("a.npy");
        float[] data = [1, 2, 3, 4, 5, 6];
        Npy.Write<float>(p, data, 2, 3);
        byte[] bytes = File.ReadAllBytes(p);
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal(0, (bytes.Length - data.Length * 4) % 64); // header padded to 64 bytes as numpy does
        string header = System.Text.Encoding.ASCII.GetString(bytes, 10, 60);
        Assert.Contains("'descr': '<f4'", header);
        Assert.Contains("'shape': (2, 3)", header);
        var back = Npy.Read<double>(p);
        Assert.Equal(new long[] { 2, 3 }, back.Shape);
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, back.Data);
    }

    /// <summary>Write streams non-empty arrays through the row writer and writes scalars and empty arrays directly: every
    /// shape reads back, with no temporary left beside the file.</summary>
    [Theory]
    [InlineData(new long[] { 4, 3, 2 })]
    [InlineData(new long[] { 7 })]
    [InlineData(new long[] { 0, 3 })]
    [InlineData(new long[] { 5, 0 })]
    [InlineData(new long[0])]
    public void WriteRoundTripsEveryShapeAndLeavesNoTemporary(long[] shape)
    {
        using var t = new TempDir();
        string p = t.File("x.npy");
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var data = Enumerable.Range(0, (int)count).Select(i => i * 0.5f - 3).ToArray();
        Npy.Write<float>(p, data, shape);
        var back = Npy.Read<float>(p);
        Assert.Equal(shape, back.Shape);
        Assert.Equal(data, back.Data);
        Assert.Equal(new[] { p }, Directory.GetFiles(t.Path));
    }

    /// <summary>A file cut short is a user error naming the file, whether it is read as stored (straight into the array)
    /// or converted.</summary>
    [Fact]
    public void AReaderThatHashesGivesTheFilesSha256WhenItReadsInOrder()
    {
        using var t = new TempDir();
        string p = t.File("a.npy");
        var data = Enumerable.Range(0, 5 * 7).Select(i => i * 0.25).ToArray();
        Npy.Write<double>(p, data, 5, 7);
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p)));
        var row = new double[7];
        var converted = new float[7];
        using (var r = new NpyReader(p, hashContents: true))
        {
            r.ReadRows(0, 1, row.AsSpan());
            r.ReadRows(1, 1, converted.AsSpan());   // converted through the staging buffer
            r.ReadRows(2, 2, new double[14]);
            Assert.Equal(expected, r.Sha256());      // row 4, not read above, is read now
        }
        using (var r = new NpyReader(p, hashContents: true))
        {
            r.ReadRows(1, 1, row.AsSpan());          // skips row 0
            Assert.Throws<InvalidOperationException>(() => r.Sha256());
        }
        using (var r = new NpyReader(p))
            Assert.Throws<InvalidOperationException>(() => r.Sha256());
    }

    [Fact]
    public void ATruncatedFileIsReportedWhetherReadAsStoredOrConverted()
    {
        using var t = new TempDir();
        string p = t.File("cut.npy");
        Npy.Write<float>(p, Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 4, 3);
        var bytes = File.ReadAllBytes(p);
        File.WriteAllBytes(p, bytes[..^6]);
        Assert.Contains("truncated", Assert.Throws<ConcordException>(() => Npy.Read<float>(p)).Message);
        Assert.Contains("truncated", Assert.Throws<ConcordException>(() => Npy.Read<double>(p)).Message);
        Assert.Contains("cut.npy", Assert.Throws<ConcordException>(() => Npy.Read<float>(p)).Message);
    }

    [Fact]
    public void RowWriterCommitsOnlyWhenComplete()
    {
        using var t = new TempDir();
        string p = t.File("rows.npy");
        using (var w = new NpyRowWriter<float>(p, 3, 2))
        {
            w.WriteRows([1f, 2f]);
            // disposed without commit: nothing visible
        }
        Assert.False(File.Exists(p));
        Assert.Empty(Directory.GetFiles(t.Path));
        using (var w = new NpyRowWriter<float>(p, 3, 2))
        {
            w.WriteRows([1f, 2f, 3f, 4f]);
            w.WriteRows([5f, 6f]);
            w.Commit();
        }
        using var r = new NpyReader(p);
        var row = new float[2];
        r.ReadRows<float>(2, 1, row);
        Assert.Equal(new[] { 5f, 6f }, row);
    }

    [Fact]
    public void RejectsNonNpyFileNamingIt()
    {
        using var t = new TempDir();
        string p = t.File("bad.npy");
        File.WriteAllText(p, "hello world, not numpy");
        var ex = Assert.Throws<ConcordException>(() => Npy.Read<float>(p));
        Assert.Contains("bad.npy", ex.Message);
    }

    [Fact]
    public void RejectsTruncatedData()
    {
        using var t = new TempDir();
        string p = t.File("t.npy");
        Npy.Write<double>(p, new double[10], 10);
        var bytes = File.ReadAllBytes(p);
        File.WriteAllBytes(p, bytes[..^8]);
        var ex = Assert.Throws<ConcordException>(() => Npy.Read<double>(p));
        Assert.Contains("truncated", ex.Message);
    }
}
