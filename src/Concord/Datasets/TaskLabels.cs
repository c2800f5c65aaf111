namespace Concord.Datasets;

/// <summary>
/// The labels of one task for every example: int64 codes for classification and group tasks, float64 values for
/// regression. Written to <c>labels/&lt;task&gt;.npy</c>.
/// </summary>
public sealed class TaskLabels
{
    private readonly long[] _codes;
    private readonly double[] _values;

    public DatasetTask Task { get; }
    public int Count => Task.Kind == TaskKind.Regression ? _values.Length : _codes.Length;

    private TaskLabels(DatasetTask task, long[] codes, double[] values) { Task = task; _codes = codes; _values = values; }

    /// <summary>Class (or group) codes; throws for a regression task.</summary>
    public long[] Codes => Task.Kind != TaskKind.Regression ? _codes : throw new InvalidOperationException($"task '{Task.Name}' is a regression task");

    /// <summary>Regression targets; throws for a classification or group task.</summary>
    public double[] Values => Task.Kind == TaskKind.Regression ? _values : throw new InvalidOperationException($"task '{Task.Name}' is not a regression task");

    /// <summary>Encodes string labels as codes in ordinal-sorted class order (sklearn <c>LabelEncoder</c>).</summary>
    public static TaskLabels Encode(string name, TaskKind kind, IReadOnlyList<string> labels, IComparer<string>? order = null)
    {
        if (kind == TaskKind.Regression) throw new ArgumentException("use Regression() for regression tasks", nameof(kind));
        var classes = labels.Distinct(StringComparer.Ordinal).Order(order ?? StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < classes.Length; i++) index[classes[i]] = i;
        return new TaskLabels(new DatasetTask(name, kind, classes), labels.Select(l => index[l]).ToArray(), []);
    }

    /// <summary>Codes with explicit class names (code k ↔ <paramref name="classes"/>[k]).</summary>
    public static TaskLabels Categorical(string name, TaskKind kind, IReadOnlyList<string> classes, long[] codes)
    {
        if (kind == TaskKind.Regression) throw new ArgumentException("use Regression() for regression tasks", nameof(kind));
        foreach (long c in codes) if (c < 0 || c >= classes.Count) throw new ArgumentOutOfRangeException(nameof(codes), $"code {c} outside 0..{classes.Count - 1}");
        return new TaskLabels(new DatasetTask(name, kind, classes), codes, []);
    }

    /// <summary>A regression task.</summary>
    public static TaskLabels Regression(string name, double[] values) =>
        new(new DatasetTask(name, TaskKind.Regression, []), [], values);

    /// <summary>The labels of the examples at <paramref name="indices"/>, re-encoding classes that remain (so codes stay dense).</summary>
    public TaskLabels Subset(IReadOnlyList<int> indices)
    {
        if (Task.Kind == TaskKind.Regression) return Regression(Task.Name, indices.Select(i => _values[i]).ToArray());
        var used = indices.Select(i => _codes[i]).Distinct().Order().ToArray();
        var remap = new Dictionary<long, long>();
        for (int k = 0; k < used.Length; k++) remap[used[k]] = k;
        return Categorical(Task.Name, Task.Kind, used.Select(c => Task.Classes[(int)c]).ToArray(), indices.Select(i => remap[_codes[i]]).ToArray());
    }
}
