namespace Concord.Datasets;

/// <summary>What a label column is used for downstream.</summary>
public enum TaskKind
{
    /// <summary>Class index 0..K−1 into <see cref="DatasetTask.Classes"/> (int64 labels).</summary>
    Classification,
    /// <summary>A real-valued target (float64 labels), e.g. pitch or velocity.</summary>
    Regression,
    /// <summary>A group id (int64 labels into <see cref="DatasetTask.Classes"/>), used for group-disjoint splits, e.g. instrument.</summary>
    Group,
}
