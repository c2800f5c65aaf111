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
