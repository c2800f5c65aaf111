namespace Concord.Similarity;

/// <summary>
/// The column concatenation [F₁ … F_k] of already-scanned parts (e.g. "top_combined" = hstack of nine 128-d blocks).
/// Centring a concatenation centres each block, so the parts' own means and constant columns serve unchanged.
/// </summary>
internal sealed class CompositeColumnSource(string name, IReadOnlyList<NpyColumnSource> parts) : IColumnSource
{
    public string Name => name;
    public int Rows => parts[0].Rows;
    public int Columns => parts.Sum(p => p.Columns);
    public string Precision => string.Join("+", parts.Select(p => p.Precision).Distinct());

    /// <summary>Dropped columns as indices into the concatenation of the parts' original columns.</summary>
    public int[] Dropped
    {
        get
        {
            var list = new List<int>();
            int offset = 0;
            foreach (var p in parts) { list.AddRange(p.Dropped.Select(j => j + offset)); offset += p.OriginalColumns; }
            return [.. list];
        }
    }

    public void ReadRowSlice(long r0, int m, int c0, int c1, double[] dst, long offset, int stride)
    {
        int g0 = 0;
        foreach (var p in parts)
        {
            int lo = Math.Max(c0, g0), hi = Math.Min(c1, g0 + p.Columns);
            if (lo < hi) p.ReadRowSlice(r0, m, lo - g0, hi - g0, dst, offset + (lo - c0), stride);
            g0 += p.Columns;
        }
    }
}
