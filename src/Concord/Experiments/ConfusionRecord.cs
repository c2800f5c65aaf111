namespace Concord.Experiments;

/// <summary>
/// A confusion matrix on the test split: <c>Counts[i][j]</c> = examples of true class i predicted as class j.
/// One row of the <c>confusion_matrices</c> table (the counts are stored as JSON).
/// </summary>
/// <param name="Experiment">Experiment id.</param>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Profile">Profile name.</param>
/// <param name="Task">Classification task.</param>
/// <param name="Source">The classifier's input representation (or the network itself).</param>
/// <param name="Classes">Class names, in index order.</param>
/// <param name="Counts">[classes][classes] counts, rows = true class, columns = predicted class.</param>
/// <param name="ArtefactHash">Content hash (the upsert key).</param>
public sealed record ConfusionRecord(
    string Experiment,
    string Dataset,
    string Profile,
    string Task,
    Representation Source,
    IReadOnlyList<string> Classes,
    IReadOnlyList<IReadOnlyList<int>> Counts,
    string ArtefactHash);
