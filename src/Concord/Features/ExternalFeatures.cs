using Concord.Datasets;
using Concord.IO;

namespace Concord.Features;

/// <summary>
/// Aligns an <see cref="ExternalFeature"/> to a dataset's examples by id and writes it like a built-in feature
/// (<c>features/&lt;name&gt;.npy</c>, float32 [N, d] in the dataset's row order). Refused, with a one-line error naming the
/// file: a non-numeric dtype, a row count that differs from the ids file, a duplicate id, a dataset id missing from the
/// ids, an id that is not in the dataset, and NaN or ±Inf (naming row and column).
/// </summary>
public static class ExternalFeatures
{
    /// <summary>The feature's rows reordered to <paramref name="datasetIds"/>: float32 [N, d], row-major.</summary>
    public static (float[] Data, int Width) Align(ExternalFeature feature, IReadOnlyList<string> datasetIds)
    {
        var (idsPath, rowOf, lines, source, width) = Read(feature);
        var wanted = new HashSet<string>(datasetIds, StringComparer.Ordinal);
        foreach (var id in datasetIds)
            if (!rowOf.ContainsKey(id)) throw ConcordException.InFile(idsPath, $"dataset example '{id}' is missing (external feature '{feature.Name}')", "id");
        foreach (var (id, r) in rowOf)
            if (!wanted.Contains(id)) throw ConcordException.InFile(idsPath, $"row {lines[r]}: id '{id}' is not in the dataset", "id");
        var data = new float[datasetIds.Count * width];
        for (int n = 0; n < datasetIds.Count; n++)
        {
            int r = rowOf[datasetIds[n]];
            for (int j = 0; j < width; j++) data[n * width + j] = (float)source[(long)r * width + j];
        }
        return (data, width);
    }

    /// <summary>Every check that needs no dataset (name, dtype, shape, ids, finiteness); throws the first problem.</summary>
    public static void Check(ExternalFeature feature) => Read(feature);

    private static (string IdsPath, Dictionary<string, int> RowOf, IReadOnlyList<int> Lines, double[] Data, int Width) Read(ExternalFeature feature)
    {
        if (!FileNames.IsPlainStem(feature.Name))
            throw new ConcordException($"feature name '{feature.Name}' must be a plain file name (no '/', '\\', ':' or '..')");
        string npy = Path.GetFullPath(feature.Npy), idsPath = Path.GetFullPath(feature.Ids);
        if (!File.Exists(npy)) throw ConcordException.InFile(npy, "file not found");
        var header = Npy.ReadHeader(npy);
        if (header.DType == NpyDType.Bool)
            throw ConcordException.InFile(npy, $"dtype {header.DType.Descr()} is not numeric; external feature '{feature.Name}' needs float or integer values");
        if (header.Shape.Length is not (1 or 2))
            throw ConcordException.InFile(npy, $"expected a matrix [rows, d], found shape ({string.Join(",", header.Shape)})");
        var ids = CsvTable.Read(idsPath);
        int idCol = ids.RequireColumn("id");
        long rows = header.Shape[0];
        if (ids.Rows.Count != rows)
            throw ConcordException.InFile(npy, $"{rows} rows but {idsPath} names {ids.Rows.Count} ids; they must match one to one");
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int r = 0; r < ids.Rows.Count; r++)
        {
            string id = ids.Require(r, idCol);
            if (!rowOf.TryAdd(id, r)) throw ConcordException.InFile(idsPath, $"row {ids.RowNumbers[r]}: duplicate id '{id}'", "id");
        }
        var source = Npy.Read<double>(npy);
        int width = header.Shape.Length == 1 ? 1 : checked((int)header.Shape[1]);
        for (long i = 0; i < source.Data.Length; i++)
            if (!double.IsFinite(source.Data[i]))
                throw ConcordException.InFile(npy, $"row {i / width}, column {i % width}: {(double.IsNaN(source.Data[i]) ? "NaN" : "an infinite value")}");
        return (idsPath, rowOf, ids.RowNumbers, source.Data, width);
    }

    /// <summary>The example ids of a prepared cache, in row order (the <c>id</c> column of labels.csv).</summary>
    public static IReadOnlyList<string> CacheIds(string cache)
    {
        var table = CsvTable.Read(CacheLayout.LabelsCsv(cache));
        int idCol = table.RequireColumn("id");
        return table.Rows.Select(r => r[idCol]).ToList();
    }

    /// <summary>Aligns <paramref name="feature"/> to <paramref name="cache"/> and writes it to <c>CACHE/features/&lt;name&gt;.npy</c>
    /// (atomically), next to the built-in features; returns the path.</summary>
    public static string WriteIntoCache(ExternalFeature feature, string cache)
    {
        var ids = CacheIds(cache);
        var (data, width) = Align(feature, ids);
        string path = CacheLayout.Feature(cache, feature.Name);
        Npy.Write<float>(path, data, ids.Count, width);
        return path;
    }
}
