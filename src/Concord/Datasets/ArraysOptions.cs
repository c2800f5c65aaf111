namespace Concord.Datasets;

/// <summary>Options of an arrays dataset (<c>dataset.kind = "arrays"</c>): any 2-D inputs [N, H, W] with a labels CSV.
/// Every label column other than <c>id</c> is a classification task, except the <see cref="RegressionColumns"/> and the
/// <see cref="GroupColumn"/>.</summary>
public sealed record ArraysOptions
{
    /// <summary>Column holding a group id per example (group-disjoint splits), or null.</summary>
    public string? GroupColumn { get; init; }
    /// <summary>Columns read as real-valued regression targets.</summary>
    public IReadOnlyList<string> RegressionColumns { get; init; } = [];
    /// <summary>Whether the inputs are mel power (recorded as the cache's unit; else dB or another unit used as it is).</summary>
    public bool Power { get; init; }
    public SplitOptions Split { get; init; } = new();

    public IEnumerable<string> Validate()
    {
        if (GroupColumn is "id") yield return "Arrays.GroupColumn must not be 'id'";
        if (RegressionColumns.Contains("id")) yield return "Arrays.RegressionColumns must not contain 'id'";
        if (GroupColumn is not null && RegressionColumns.Contains(GroupColumn)) yield return $"column '{GroupColumn}' cannot be both the group and a regression target";
        foreach (var e in Split.Validate()) yield return e;
    }
}
