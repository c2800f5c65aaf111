using Concord.Datasets;
using Concord.IO;

namespace Concord.Onnx;

/// <summary>Where spectrograms come from: a float .npy [N, H, W] and the named splits (example indices) to extract.</summary>
/// <param name="Path">The [N, H, W] array (a cache's mel.npy or a user's inputs.npy).</param>
/// <param name="IsPower">Whether the values are mel power (else dB).</param>
/// <param name="Splits">Split name and example indices, in the order they are written.</param>
public sealed record SpectrogramSource(string Path, bool IsPower, IReadOnlyList<(string Name, long[] Rows)> Splits)
{
    /// <summary>A prepared cache's train and (optionally) test split; its manifest says whether mel.npy is dB or power.</summary>
    public static SpectrogramSource FromCache(string directory, bool includeTest)
    {
        var cache = PreparedCache.Open(directory);
        var splits = new List<(string, long[])> { (DataSplit.Train.ToName(), cache.TrainIndices()) };
        if (includeTest) splits.Add((DataSplit.Test.ToName(), cache.TestIndices()));
        return new SpectrogramSource(CacheLayout.Mel(cache.Directory), cache.Manifest.MelUnit == "power", splits);
    }

    /// <summary>Every row of a user's [N, H, W] array, as one split named "all", taken to be in the network's own unit.</summary>
    public static SpectrogramSource FromArray(string path, bool isPower)
    {
        if (!File.Exists(path)) throw ConcordException.InFile(path, "file not found");
        var header = Npy.ReadHeader(path);
        if (header.Shape.Length != 3) throw ConcordException.InFile(path, $"expected an array [N, H, W], found shape ({string.Join(",", header.Shape)})");
        return new SpectrogramSource(path, isPower, [("all", Enumerable.Range(0, checked((int)header.Shape[0])).Select(i => (long)i).ToArray())]);
    }
}
