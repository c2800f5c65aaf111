using System.Globalization;
using System.Text.Json;
using Concord.IO;

namespace Concord.Datasets;

/// <summary>
/// Read access to a cache written by <c>concord prepare</c> (layout: <see cref="CacheLayout"/>): the manifest,
/// tasks and labels, the train/test indices and the mel rows <c>[Count, Mels, Frames]</c>.
/// <see cref="Open"/> refuses an incomplete cache or one written in another <see cref="CacheLayout.FormatVersion"/>.
/// </summary>
public sealed class PreparedCache
{
    public string Directory { get; }
    public PrepareManifest Manifest { get; }
    public IReadOnlyList<DatasetTask> Tasks { get; }
    public int Count => Manifest.Count;
    public int Mels => Manifest.Mels;
    public int Frames => Manifest.Frames;
    public int SampleRateHz => Manifest.SampleRateHz;

    private PreparedCache(string directory, PrepareManifest manifest, IReadOnlyList<DatasetTask> tasks)
    {
        Directory = directory; Manifest = manifest; Tasks = tasks;
    }

    /// <summary>Opens and validates the cache in <paramref name="directory"/>.</summary>
    /// <exception cref="ConcordException">Missing or unreadable manifest, a different format version, or mel.npy/tasks.json inconsistent with it.</exception>
    public static PreparedCache Open(string directory)
    {
        string dir = Path.GetFullPath(directory);
        string path = CacheLayout.Manifest(dir);
        if (!File.Exists(path))
            throw ConcordException.InFile(path, "not found: not a prepared cache, or `concord prepare` did not finish (rerun it to resume)");
        var manifest = ReadManifest(path);
        var tasks = ReadTasks(CacheLayout.Tasks(dir));
        var header = Npy.ReadHeader(CacheLayout.Mel(dir));
        if (header.DType != NpyDType.Float32 || header.Shape.Length != 3 || header.Shape[0] != manifest.Count
            || header.Shape[1] != manifest.Mels || header.Shape[2] != manifest.Frames)
            throw ConcordException.InFile(CacheLayout.Mel(dir),
                $"shape ({string.Join(",", header.Shape)}) {header.DType} does not match the manifest's float32 ({manifest.Count},{manifest.Mels},{manifest.Frames})");
        return new PreparedCache(dir, manifest, tasks);
    }

    /// <summary>Reads manifest.json, checking the format version first.</summary>
    public static PrepareManifest ReadManifest(string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException ex) { throw ConcordException.InFile(path, $"invalid JSON ({ex.Message.Split('\n')[0]})"); }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("format_version", out var v) || v.ValueKind != JsonValueKind.Number)
                throw ConcordException.InFile(path, "missing key", "format_version");
            int version = v.GetInt32();
            if (version != CacheLayout.FormatVersion)
                throw ConcordException.InFile(path, version < CacheLayout.FormatVersion
                    ? $"cache format {version} is older than this Concord's format {CacheLayout.FormatVersion}; rerun `concord prepare` into a new folder"
                    : $"cache format {version} is newer than this Concord's format {CacheLayout.FormatVersion}; upgrade Concord", "format_version");
            try { return doc.RootElement.Deserialize<PrepareManifest>(PrepareManifest.Json) ?? throw new JsonException("null"); }
            catch (JsonException ex) { throw ConcordException.InFile(path, $"malformed manifest ({ex.Message.Split('\n')[0]})"); }
        }
    }

    /// <summary>What the cache's preparation dropped from its input (null when the cache predates that record).</summary>
    public static IReadOnlyList<DroppedItem>? DroppedItems(string cacheDir) => ReadManifest(CacheLayout.Manifest(cacheDir)).Dropped;

    private static IReadOnlyList<DatasetTask> ReadTasks(string path)
    {
        if (!File.Exists(path)) throw ConcordException.InFile(path, "not found");
        try { return JsonSerializer.Deserialize<DatasetTask[]>(File.ReadAllText(path), PrepareManifest.Json) ?? throw new JsonException("null"); }
        catch (JsonException ex) { throw ConcordException.InFile(path, $"malformed tasks file ({ex.Message.Split('\n')[0]})"); }
    }

    /// <summary>The task named <paramref name="name"/>; the error lists the available tasks.</summary>
    public DatasetTask Task(string name) => Tasks.FirstOrDefault(t => t.Name == name)
        ?? throw ConcordException.InFile(CacheLayout.Tasks(Directory), $"no task '{name}' (tasks: {string.Join(", ", Tasks.Select(t => t.Name))})");

    /// <summary>int64 class or group codes of a classification or group task, length <see cref="Count"/>.</summary>
    public long[] LoadCodes(string task)
    {
        var t = Task(task);
        if (t.Kind == TaskKind.Regression) throw new ConcordException($"task '{task}' is a regression task; use LoadValues");
        return LoadVector<long>(CacheLayout.Label(Directory, task));
    }

    /// <summary>float64 targets of a task (codes converted for classification tasks), length <see cref="Count"/>.</summary>
    public double[] LoadValues(string task)
    {
        Task(task);
        return LoadVector<double>(CacheLayout.Label(Directory, task));
    }

    /// <summary>Ascending train indices.</summary>
    public long[] TrainIndices() => LoadVector<long>(CacheLayout.TrainSplit(Directory));
    /// <summary>Ascending test indices.</summary>
    public long[] TestIndices() => LoadVector<long>(CacheLayout.TestSplit(Directory));

    /// <summary>Opens mel.npy for block reads (<see cref="NpyReader.ReadRows{T}"/>); dispose it after use.</summary>
    public NpyReader OpenMel() => new(CacheLayout.Mel(Directory));

    /// <summary>One mel spectrogram, <c>[Mels, Frames]</c> row-major.</summary>
    public float[] ReadMel(long index)
    {
        var row = new float[Mels * Frames];
        using var r = OpenMel();
        r.ReadRows<float>(index, 1, row);
        return row;
    }

    /// <summary>The examples in row order, read from labels.csv: id, audio path and clip index.</summary>
    public IReadOnlyList<DatasetExample> Examples()
    {
        var t = CsvTable.Read(CacheLayout.LabelsCsv(Directory));
        int id = t.RequireColumn("id"), path = t.RequireColumn("path"), clip = t.RequireColumn("clip");
        return t.Rows.Select(r => new DatasetExample(r[id], r[path], int.Parse(r[clip], CultureInfo.InvariantCulture))).ToArray();
    }

    private T[] LoadVector<T>(string path) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        var a = Npy.Read<T>(path);
        if (a.Shape.Length != 1) throw ConcordException.InFile(path, $"expected a vector, found shape ({string.Join(",", a.Shape)})");
        return a.Data;
    }
}
