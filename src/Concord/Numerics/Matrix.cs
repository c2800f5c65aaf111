namespace Concord.Numerics;

/// <summary>
/// A dense row-major float32 matrix laid out as [rows = examples, cols = features]:
/// element (i, j) is <c>Data[i * Cols + j]</c>. float32 storage keeps a 35,000 × 15,376 feature matrix at 2.2 GB;
/// the kernels that consume it accumulate reductions in double where precision matters.
/// </summary>
public sealed class Matrix
{
    /// <summary>Row-major elements, length <see cref="Rows"/> × <see cref="Cols"/>.</summary>
    public float[] Data { get; }
    public int Rows { get; }
    public int Cols { get; }

    /// <summary>Wraps <paramref name="data"/> (not copied) as a [rows, cols] matrix.</summary>
    public Matrix(float[] data, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if ((long)rows * cols != data.LongLength)
            throw new ArgumentException($"data has {data.LongLength} elements, a [{rows}, {cols}] matrix needs {(long)rows * cols}", nameof(data));
        Data = data;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>A zero-filled [rows, cols] matrix.</summary>
    public Matrix(int rows, int cols) : this(new float[checked(rows * cols)], rows, cols) { }

    public float this[int row, int col]
    {
        get => Data[(long)row * Cols + col];
        set => Data[(long)row * Cols + col] = value;
    }

    /// <summary>Row <paramref name="i"/> as a span of length <see cref="Cols"/>.</summary>
    public Span<float> Row(int i) => Data.AsSpan(checked(i * Cols), Cols);

    /// <summary>Builds a matrix from a jagged array (all rows the same length).</summary>
    public static Matrix FromRows(IReadOnlyList<float[]> rows)
    {
        int cols = rows.Count == 0 ? 0 : rows[0].Length;
        var m = new Matrix(rows.Count, cols);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != cols) throw new ArgumentException($"row {i} has {rows[i].Length} values, row 0 has {cols}", nameof(rows));
            rows[i].CopyTo(m.Row(i));
        }
        return m;
    }

    /// <summary>The rows listed in <paramref name="indices"/>, in that order, as a new matrix.</summary>
    public Matrix SelectRows(ReadOnlySpan<int> indices)
    {
        var m = new Matrix(indices.Length, Cols);
        for (int i = 0; i < indices.Length; i++) Row(indices[i]).CopyTo(m.Row(i));
        return m;
    }

    /// <summary>The first (row, col) holding NaN or ±∞, or null when every element is finite.</summary>
    public (int Row, int Col)? FirstNonFinite()
    {
        var d = Data;
        for (long k = 0; k < d.LongLength; k++)
            if (!float.IsFinite(d[k])) return ((int)(k / Cols), (int)(k % Cols));
        return null;
    }
}
