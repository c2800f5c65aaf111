namespace Concord.Datasets;

/// <summary>A task defined on a dataset: its name, kind and, for classification and group tasks, the class names
/// in code order (code k ↔ <c>Classes[k]</c>; empty for regression). Serialised to <c>tasks.json</c>.</summary>
public sealed record DatasetTask(string Name, TaskKind Kind, IReadOnlyList<string> Classes);
