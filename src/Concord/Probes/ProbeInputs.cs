using Concord.Numerics;

namespace Concord.Probes;

/// <summary>Shared validation of probe inputs; every failure is a one-line <see cref="ConcordException"/>.</summary>
internal static class ProbeInputs
{
    /// <summary>Throws one <see cref="ConcordException"/> listing every options error, if any.</summary>
    public static void ThrowIfInvalid(IEnumerable<string> errors)
    {
        var list = errors.ToList();
        if (list.Count > 0) throw new ConcordException("invalid probe options: " + string.Join("; ", list));
    }

    public static void CheckDesign(Matrix x, int labelCount, string what)
    {
        if (x.Rows == 0 || x.Cols == 0)
            throw new ConcordException($"{what} features: empty matrix [{x.Rows}, {x.Cols}]; need at least one row and one column");
        if (x.Rows != labelCount)
            throw new ConcordException($"{what} features have {x.Rows} rows but there are {labelCount} {what} labels");
        if (x.FirstNonFinite() is { } bad)
            throw new ConcordException($"{what} features: non-finite value {x[bad.Row, bad.Col]} at row {bad.Row}, column {bad.Col}");
    }

    public static void CheckTargets(ReadOnlySpan<double> y, string what)
    {
        for (int i = 0; i < y.Length; i++)
            if (!double.IsFinite(y[i])) throw new ConcordException($"{what} targets: non-finite value {y[i]} at row {i}");
    }

    public static int[] Classes(ReadOnlySpan<int> labels)
    {
        var set = new SortedSet<int>();
        foreach (int v in labels) set.Add(v);
        return [.. set];
    }
}
