namespace Concord.Probes;

/// <summary>
/// Confusion counts over <see cref="Labels"/> (the sorted union of true and predicted labels):
/// Counts[i][j] = number of examples with true label Labels[i] predicted as Labels[j] (sklearn's convention).
/// </summary>
public sealed record ConfusionMatrix(IReadOnlyList<int> Labels, IReadOnlyList<int[]> Counts)
{
    /// <summary>Each row divided by its total (true-label recall profile); rows with no examples are all zero.</summary>
    public double[][] RowNormalised() => Counts.Select(row =>
    {
        double total = row.Sum();
        return row.Select(c => total == 0 ? 0.0 : c / total).ToArray();
    }).ToArray();
}
