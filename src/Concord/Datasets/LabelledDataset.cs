namespace Concord.Datasets;

/// <summary>
/// A dataset ready for <c>concord prepare</c>: the examples in row order, their label table (for <c>labels.csv</c>)
/// and their task labels (for <c>labels/&lt;task&gt;.npy</c> and <c>tasks.json</c>). Built by the NSynth,
/// recordings and clips readers.
/// </summary>
public sealed class LabelledDataset
{
    public IReadOnlyList<DatasetExample> Examples { get; }
    /// <summary>Names of the label columns of <see cref="LabelRows"/>.</summary>
    public IReadOnlyList<string> LabelColumns { get; }
    /// <summary>One row of label strings per example, aligned with <see cref="LabelColumns"/>.</summary>
    public IReadOnlyList<IReadOnlyList<string>> LabelRows { get; }
    public IReadOnlyList<TaskLabels> Tasks { get; }
    /// <summary>Index files the examples came from (examples.json, CSVs, mapping files), with the hashes of the bytes read;
    /// recorded in the manifest.</summary>
    public IReadOnlyList<IndexFile> IndexFiles { get; }

    public int Count => Examples.Count;
    /// <summary>Recordings and clips of the input that did not become examples, with the reason; never silent.</summary>
    public IReadOnlyList<DroppedItem> Dropped { get; init; } = [];

    public LabelledDataset(IReadOnlyList<DatasetExample> examples, IReadOnlyList<string> labelColumns,
        IReadOnlyList<IReadOnlyList<string>> labelRows, IReadOnlyList<TaskLabels> tasks, IReadOnlyList<IndexFile> indexFiles)
    {
        if (labelRows.Count != examples.Count) throw new ArgumentException($"{labelRows.Count} label rows for {examples.Count} examples");
        foreach (var t in tasks)
            if (t.Count != examples.Count) throw new ArgumentException($"task '{t.Task.Name}' has {t.Count} labels for {examples.Count} examples");
        if (tasks.Select(t => t.Task.Name).Distinct(StringComparer.Ordinal).Count() != tasks.Count) throw new ArgumentException("duplicate task names");
        Examples = examples; LabelColumns = labelColumns; LabelRows = labelRows; Tasks = tasks; IndexFiles = indexFiles;
    }

    /// <summary>The task named <paramref name="name"/>, or null.</summary>
    public TaskLabels? Task(string name) => Tasks.FirstOrDefault(t => t.Task.Name == name);

    /// <summary>The group task used for group-disjoint splits (the first task of kind <see cref="TaskKind.Group"/>), or null.</summary>
    public TaskLabels? GroupTask => Tasks.FirstOrDefault(t => t.Task.Kind == TaskKind.Group);

    /// <summary>The task stratified splits balance (the first classification task), or null.</summary>
    public TaskLabels? StratifyTask => Tasks.FirstOrDefault(t => t.Task.Kind == TaskKind.Classification);

    /// <summary>The examples at <paramref name="indices"/>, in that order; class codes are re-encoded densely.</summary>
    public LabelledDataset Subset(IReadOnlyList<int> indices) =>
        new(indices.Select(i => Examples[i]).ToArray(), LabelColumns, indices.Select(i => LabelRows[i]).ToArray(),
            Tasks.Select(t => t.Subset(indices)).ToArray(), IndexFiles) { Dropped = Dropped };
}
