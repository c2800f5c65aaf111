using Concord.Datasets;
using Concord.IO;

namespace Concord.Study.Config;

/// <summary>
/// One entry of <c>dataset.derivedTasks</c>: a classification task derived from a label column of a recordings or clips
/// dataset by grouping its values, e.g. the Beethoven study's orchestra continent:
/// <c>{ "name": "continent", "from": "orchestra", "classes": { "American": ["Chicago", …], "European": ["LSO", …] } }</c>.
/// The new column becomes a task like any label column (usable as <c>mainTask</c> or in <c>relatedTasks</c>). Every value
/// of <see cref="From"/> in the data must belong to exactly one class: an unmapped value stops the run before it starts,
/// naming the value and its CSV row (<see cref="Running.RunPreflight"/>).
/// </summary>
public sealed record DerivedTask
{
    /// <summary>The derived task's (and label column's) name.</summary>
    public string Name { get; init; } = "";
    /// <summary>The label column it is derived from (a CSV column, or an earlier derived task).</summary>
    public string From { get; init; } = "";
    /// <summary>Derived class → the source values that belong to it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Classes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The in-memory mapping the dataset reader applies; <paramref name="key"/> (e.g. <c>dataset.derivedTasks[0]</c>) names it in errors.</summary>
    public DerivedColumn ToColumn(string key) =>
        new(Name, From, Classes.SelectMany(c => c.Value.Select(v => new LabelMapping(v, c.Key))).ToList(), $"config key {key}");

    /// <summary>Every problem of the list that needs no data, each with its key path.</summary>
    public static IEnumerable<string> Validate(IReadOnlyList<DerivedTask> tasks, DatasetSource kind, string kindName)
    {
        if (tasks.Count > 0 && kind is not (DatasetSource.Recordings or DatasetSource.Clips))
        {
            yield return $"dataset.derivedTasks: only for kinds 'recordings' and 'clips' (the tasks of kind '{kindName}' are fixed)";
            yield break;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < tasks.Count; i++)
        {
            var t = tasks[i];
            string key = $"dataset.derivedTasks[{i}]";
            if (string.IsNullOrWhiteSpace(t.Name)) yield return $"{key}.name: required";
            else if (!FileNames.IsPlainStem(t.Name) || t.Name is "path" or "part" or "recording")
                yield return $"{key}.name: '{t.Name}' cannot name a task (reserved, or contains '/', '\\', ':' or '..')";
            else if (!names.Add(t.Name)) yield return $"{key}.name: duplicate derived task '{t.Name}'";
            if (string.IsNullOrWhiteSpace(t.From)) yield return $"{key}.from: required";
            else if (t.From == t.Name) yield return $"{key}.from: a task cannot be derived from itself";
            if (t.Classes.Count < 2) yield return $"{key}.classes: at least two classes";
            var classOf = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (cls, values) in t.Classes)
            {
                if (string.IsNullOrWhiteSpace(cls)) yield return $"{key}.classes: empty class name";
                if (values.Count == 0) yield return $"{key}.classes.{cls}: at least one '{t.From}' value";
                foreach (string v in values)
                    if (!classOf.TryAdd(v, cls))
                        yield return $"{key}.classes.{cls}: '{v}' is already in class '{classOf[v]}' (each value belongs to one class)";
            }
        }
    }
}
