namespace Concord.Datasets;

/// <summary>One side of a prepared cache's train/test split.</summary>
public enum DataSplit
{
    /// <summary>The training examples (probes are fitted and similarities measured on them).</summary>
    Train,
    /// <summary>The held-out examples.</summary>
    Test,
}

/// <summary>The file and table names of the splits: <c>train</c>, <c>test</c>.</summary>
public static class DataSplitNames
{
    /// <summary>Both splits, train first.</summary>
    public static IReadOnlyList<DataSplit> Both { get; } = [DataSplit.Train, DataSplit.Test];

    /// <summary>The lower-case name used in file names and tables.</summary>
    public static string ToName(this DataSplit split) => split == DataSplit.Train ? "train" : "test";

    /// <summary>Parses a stored split name; anything else is a corrupt store or file.</summary>
    public static DataSplit Parse(string name, string where) => name switch
    {
        "train" => DataSplit.Train,
        "test" => DataSplit.Test,
        _ => throw new ConcordException($"{where}: unknown split '{name}'; valid: train, test"),
    };
}
