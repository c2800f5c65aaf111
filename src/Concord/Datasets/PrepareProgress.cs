namespace Concord.Datasets;

/// <summary>Progress of <see cref="DatasetPreparer"/>: a stage name and how many of its items are done.</summary>
public sealed record PrepareProgress(string Stage, int Done, int Total);
