using Concord.Datasets;
using Concord.Features;
using Concord.IO;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Features;

/// <summary>The two ways into the feature files (float64 vectors per feature, or one float32 row of every feature
/// concatenated, as the committed parts hold it) write the same bytes, and a row of the wrong length is refused.</summary>
public sealed class FeatureFileWriterTests
{
    [Fact]
    public void ConcatenatedFloat32RowsWriteTheSameFilesAsPerFeatureVectors()
    {
        using var t = new TempDir();
        var features = FeatureRegistry.Default.Resolve("rms,time_to_70db,wavelet_mean_w5");
        int[] dims = [5, 3, 4];
        var rng = new Random(3);
        var rows = Enumerable.Range(0, 6).Select(_ => dims.Select(d => Enumerable.Range(0, d).Select(_ => (double)(float)(rng.NextDouble() * 10 - 5)).ToArray()).ToArray()).ToArray();
        using (var w = new FeatureFileWriter(t.File("a"), features, rows.Length, dims))
        {
            foreach (var row in rows) w.WriteRow(row);
            w.Commit();
        }
        using (var w = new FeatureFileWriter(t.File("b"), features, rows.Length, dims))
        {
            foreach (var row in rows) w.WriteRow(row.SelectMany(v => v).Select(v => (float)v).ToArray().AsSpan());
            w.Commit();
        }
        foreach (var f in features)
            Assert.Equal(File.ReadAllBytes(CacheLayout.Feature(t.File("a"), f.Name)), File.ReadAllBytes(CacheLayout.Feature(t.File("b"), f.Name)));
        Assert.Equal(rows[2][1].Select(v => (float)v), Npy.Read<float>(CacheLayout.Feature(t.File("b"), features[1].Name)).Data.Skip(2 * 3).Take(3));
    }

    [Fact]
    public void AConcatenatedRowOfTheWrongLengthIsRefused()
    {
        using var t = new TempDir();
        var features = FeatureRegistry.Default.Resolve("rms,time_to_70db");
        using var w = new FeatureFileWriter(t.Path, features, 1, [5, 3]);
        var ex = Assert.Throws<ArgumentException>(() => w.WriteRow(new float[7].AsSpan()));
        Assert.Contains("expected 8 values", ex.Message);
    }
}
