using System.Runtime.InteropServices;
using System.Text.Json;
using Concord.Datasets;
using Concord.IO;
using Microsoft.Win32.SafeHandles;

namespace Concord.Torch.Data;

/// <summary>
/// Read access to a prepared cache (<see cref="CacheLayout"/>): mel.npy float32 [N, mels, frames] read by rows on demand
/// (bounded memory), tasks.json, labels/&lt;task&gt;.npy and the train/test splits. Every problem is a
/// <see cref="ConcordException"/> naming the file.
/// </summary>
public sealed class MelCache : IDisposable
{
    private readonly NpyReader _mel;
    /// <summary>For a float32 mel.npy (what <c>concord prepare</c> writes): rows are read with <c>pread</c> straight into the
    /// caller's buffer, with no intermediate copy; other dtypes go through <see cref="NpyReader"/> with conversion.</summary>
    private readonly SafeFileHandle? _raw;
    private readonly object _lock = new();

    public MelCache(string directory)
    {
        Directory = directory;
        if (!System.IO.Directory.Exists(directory)) throw new ConcordException($"{directory}: cache folder not found");
        _mel = new NpyReader(CacheLayout.Mel(directory));
        var shape = _mel.Header.Shape;
        if (shape.Length != 3) throw ConcordException.InFile(MelPath, $"expected shape [N, mels, frames], found ({string.Join(",", shape)})");
        if (_mel.Header.DType == NpyDType.Float32)
            _raw = File.OpenHandle(MelPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        Count = checked((int)shape[0]);
        Mels = checked((int)shape[1]);
        Frames = checked((int)shape[2]);
        Tasks = ReadTasks(directory);
        Train = ReadSplit(CacheLayout.TrainSplit(directory));
        Test = ReadSplit(CacheLayout.TestSplit(directory));
    }

    public string Directory { get; }
    public string MelPath => CacheLayout.Mel(Directory);
    /// <summary>N, the number of examples.</summary>
    public int Count { get; }
    public int Mels { get; }
    public int Frames { get; }
    public IReadOnlyList<CacheTask> Tasks { get; }
    /// <summary>Train example indices, ascending.</summary>
    public int[] Train { get; }
    /// <summary>Test example indices, ascending.</summary>
    public int[] Test { get; }
    /// <summary>mels·frames, the length of one flattened example (index mel·frames + t).</summary>
    public int ExampleLength => Mels * Frames;

    /// <summary>The named task, or a clear error listing the available ones.</summary>
    public CacheTask Task(string name) =>
        Tasks.FirstOrDefault(t => t.Name == name)
        ?? throw ConcordException.InFile(CacheLayout.Tasks(Directory), $"task '{name}' not found (available: {string.Join(", ", Tasks.Select(t => t.Name))})");

    /// <summary>Class indices (int64 on disk) of a classification task, length N, each in [0, K).</summary>
    public int[] ClassLabels(string task)
    {
        var t = Task(task);
        string path = CacheLayout.Label(Directory, task);
        if (t.Kind == TaskKind.Regression) throw ConcordException.InFile(path, $"task '{task}' is a regression task, not a classification task");
        var a = Npy.Read<long>(path);
        CheckLength(path, a.Shape);
        int k = Math.Max(t.Classes.Count, 1);
        var labels = new int[a.Data.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            long v = a.Data[i];
            if (v < 0 || (t.Classes.Count > 0 && v >= k)) throw ConcordException.InFile(path, $"row {i}: class index {v} outside [0, {k})");
            labels[i] = (int)v;
        }
        return labels;
    }

    /// <summary>Targets (float64 on disk) of a regression task, length N.</summary>
    public double[] RegressionTargets(string task)
    {
        var t = Task(task);
        string path = CacheLayout.Label(Directory, task);
        if (t.Kind != TaskKind.Regression) throw ConcordException.InFile(path, $"task '{task}' is a {t.Kind.ToString().ToLowerInvariant()} task, not a regression task");
        var a = Npy.Read<double>(path);
        CheckLength(path, a.Shape);
        for (int i = 0; i < a.Data.Length; i++)
            if (!double.IsFinite(a.Data[i])) throw ConcordException.InFile(path, $"row {i}: target is not finite");
        return a.Data;
    }

    /// <summary>Copies the examples <paramref name="indices"/> into <paramref name="destination"/> (length indices·ExampleLength),
    /// reading consecutive indices in one go.</summary>
    public void ReadExamples(ReadOnlySpan<int> indices, Span<float> destination)
    {
        int len = ExampleLength;
        lock (_lock)
        {
            int i = 0;
            while (i < indices.Length)
            {
                int run = 1;
                while (i + run < indices.Length && indices[i + run] == indices[i] + run) run++;
                var rows = destination.Slice(i * len, run * len);
                if (_raw is null) _mel.ReadRows(indices[i], run, rows);
                else ReadRaw(indices[i], rows);
                i += run;
            }
        }
    }

    private void ReadRaw(int firstRow, Span<float> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        long offset = _mel.Header.DataOffset + (long)firstRow * ExampleLength * sizeof(float);
        for (int done = 0; done < bytes.Length;)
        {
            int n = RandomAccess.Read(_raw!, bytes[done..], offset + done);
            if (n == 0) throw ConcordException.InFile(MelPath, "truncated data");
            done += n;
        }
    }

    /// <summary>
    /// One pass over mel.npy: fails on the first NaN or ±Inf (naming the row), and returns the scalar mean and
    /// population standard deviation (ddof 0) of the train examples, accumulated in float64.
    /// </summary>
    public (double Mean, double Std) ScanAndTrainStatistics()
    {
        var isTrain = new bool[Count];
        foreach (int i in Train) isTrain[i] = true;
        int block = Math.Max(1, (1 << 22) / ExampleLength);
        var buf = new float[block * ExampleLength];
        double sum = 0, sumSq = 0;
        long n = 0;
        var all = Enumerable.Range(0, Count).ToArray();
        for (int start = 0; start < Count; start += block)
        {
            int rows = Math.Min(block, Count - start);
            ReadExamples(all.AsSpan(start, rows), buf);
            for (int r = 0; r < rows; r++)
            {
                var row = buf.AsSpan(r * ExampleLength, ExampleLength);
                double s = 0, s2 = 0;
                foreach (float v in row)
                {
                    if (!float.IsFinite(v)) throw ConcordException.InFile(MelPath, $"row {start + r}: the spectrogram contains {(float.IsNaN(v) ? "NaN" : "an infinite value")}");
                    s += v; s2 += (double)v * v;
                }
                if (isTrain[start + r]) { sum += s; sumSq += s2; n += row.Length; }
            }
        }
        if (n == 0) throw ConcordException.InFile(CacheLayout.TrainSplit(Directory), "the train split is empty");
        double mean = sum / n;
        double std = Math.Sqrt(Math.Max(0, sumSq / n - mean * mean));
        if (!(std > 0)) throw ConcordException.InFile(MelPath, "the train spectrograms are constant (standard deviation 0)");
        return (mean, std);
    }

    private void CheckLength(string path, long[] shape)
    {
        if (shape.Length != 1 || shape[0] != Count) throw ConcordException.InFile(path, $"expected shape ({Count},), found ({string.Join(",", shape)})");
    }

    private int[] ReadSplit(string path)
    {
        var a = Npy.Read<long>(path);
        var r = new int[a.Data.Length];
        for (int i = 0; i < r.Length; i++)
        {
            if (a.Data[i] < 0 || a.Data[i] >= Count) throw ConcordException.InFile(path, $"row {i}: index {a.Data[i]} outside [0, {Count})");
            r[i] = (int)a.Data[i];
        }
        return r;
    }

    private static List<CacheTask> ReadTasks(string directory)
    {
        string path = CacheLayout.Tasks(directory);
        if (!File.Exists(path)) throw ConcordException.InFile(path, "file not found");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var list = new List<CacheTask>();
            int i = 0;
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                string name = e.TryGetProperty("name", out var n) ? n.GetString() ?? "" : throw ConcordException.InFile(path, $"entry {i} has no name", "name");
                string kind = e.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "classification";
                var parsed = kind switch
                {
                    "classification" => TaskKind.Classification,
                    "regression" => TaskKind.Regression,
                    "group" => TaskKind.Group,
                    _ => throw ConcordException.InFile(path, $"task '{name}': unknown kind '{kind}'", "kind"),
                };
                var classes = e.TryGetProperty("classes", out var c) && c.ValueKind == JsonValueKind.Array
                    ? c.EnumerateArray().Select(x => x.ToString()).ToList() : new List<string>();
                list.Add(new CacheTask(name, parsed, classes));
                i++;
            }
            return list;
        }
        catch (JsonException ex) { throw ConcordException.InFile(path, "invalid JSON: " + ex.Message.Split('\n')[0]); }
        catch (InvalidOperationException ex) { throw ConcordException.InFile(path, "unexpected structure: " + ex.Message); }
    }

    public void Dispose()
    {
        _raw?.Dispose();
        _mel.Dispose();
    }
}
