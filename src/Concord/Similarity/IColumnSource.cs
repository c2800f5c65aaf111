namespace Concord.Similarity;

/// <summary>Centred, constant-free columns of a matrix delivered in row blocks (one file or a concatenation of files).</summary>
internal interface IColumnSource
{
    string Name { get; }
    int Rows { get; }
    /// <summary>Kept (non-constant) columns.</summary>
    int Columns { get; }
    int[] Dropped { get; }
    string Precision { get; }
    /// <summary>Rows [r0, r0 + m) of kept columns [c0, c1), row by row: <c>dst[offset + i·stride + c − c0]</c>.</summary>
    void ReadRowSlice(long r0, int m, int c0, int c1, double[] dst, long offset, int stride);
}
