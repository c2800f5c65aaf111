using Concord.Datasets;
using Concord.IO;

namespace Concord.Features;

/// <summary>
/// Streams features of N clips to <c>DIR/features/&lt;name&gt;.npy</c> (float32 [N, d], <see cref="CacheLayout.Feature"/>),
/// one row per clip in order. Each file is a temporary until <see cref="Commit"/>, which renames them all into place;
/// disposing without committing deletes the temporaries, so no half-written feature file is ever visible.
/// </summary>
public sealed class FeatureFileWriter : IDisposable
{
    private readonly NpyRowWriter<float>[] _writers;
    private readonly IReadOnlyList<FeatureDefinition> _features;
    private readonly int[] _dims;
    private readonly float[] _row;   // one clip's float32 values (Σd), reused for every row

    /// <summary>The file of each feature, in the order of the features given to the constructor.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <param name="directory">The output (or cache) folder; files go to its <c>features/</c> subfolder.</param>
    /// <param name="features">Features, in the order rows are given to <c>WriteRow</c>.</param>
    /// <param name="rows">N, the number of clips.</param>
    /// <param name="dimensions">d of each feature.</param>
    public FeatureFileWriter(string directory, IReadOnlyList<FeatureDefinition> features, int rows, IReadOnlyList<int> dimensions)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (dimensions.Count != features.Count) throw new ArgumentException("one dimension per feature", nameof(dimensions));
        _features = features;
        _dims = [.. dimensions];
        _row = new float[_dims.Sum()];
        Paths = features.Select(f => CacheLayout.Feature(directory, f.Name)).ToList();
        AtomicFile.CleanTemporaries(CacheLayout.FeaturesDir(directory));
        _writers = new NpyRowWriter<float>[features.Count];
        try
        {
            for (int i = 0; i < features.Count; i++) _writers[i] = new NpyRowWriter<float>(Paths[i], rows, _dims[i]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Appends one clip's features (float64 values are stored as float32).</summary>
    public void WriteRow(IReadOnlyList<double[]> row)
    {
        if (row.Count != _writers.Length) throw new ArgumentException($"expected {_writers.Length} features, got {row.Count}");
        for (int i = 0; i < row.Count; i++)
        {
            if (row[i].Length != _dims[i])
                throw new ConcordException($"feature '{_features[i].Name}': clip {_writers[i].RowsWritten} gives {row[i].Length} values, " +
                    $"expected {_dims[i]} (all clips must have the same number of frames)");
            var f = _row.AsSpan(0, row[i].Length);
            for (int j = 0; j < f.Length; j++) f[j] = (float)row[i][j];
            _writers[i].WriteRows(f);
        }
    }

    /// <summary>Appends one clip's features already in float32, concatenated in feature order (Σd values).</summary>
    public void WriteRow(ReadOnlySpan<float> row)
    {
        if (row.Length != _row.Length) throw new ArgumentException($"expected {_row.Length} values (the features' dimensions summed), got {row.Length}", nameof(row));
        int offset = 0;
        for (int i = 0; i < _writers.Length; i++)
        {
            _writers[i].WriteRows(row.Slice(offset, _dims[i]));
            offset += _dims[i];
        }
    }

    /// <summary>Renames every completed file into place.</summary>
    public void Commit()
    {
        foreach (var w in _writers) w.Commit();
    }

    public void Dispose()
    {
        foreach (var w in _writers) w?.Dispose();
    }
}
