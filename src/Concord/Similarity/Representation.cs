using Concord.IO;

namespace Concord.Similarity;

/// <summary>
/// A representation to compare: <c>Rows</c> examples × <c>Columns</c> features, row-major, in double precision.
/// Arrays of rank above 2 are flattened C-order after the first axis (e.g. conv activations [n, C, H, W] → [n, C·H·W]).
/// </summary>
public sealed class Representation
{
    private readonly double[] _data;

    /// <summary>Row-major values, <c>Rows × Columns</c>.</summary>
    public ReadOnlyMemory<double> Data => _data;
    public int Rows { get; }
    public int Columns { get; }
    /// <summary>Where the values came from (a path or a caller-given label); error messages name it.</summary>
    public string Name { get; }
    /// <summary>The element type the values were stored in (reported as the input precision).</summary>
    public string SourcePrecision { get; }

    private Representation(double[] data, int rows, int columns, string name, string precision)
    { _data = data; Rows = rows; Columns = columns; Name = name; SourcePrecision = precision; }

    internal double[] Raw => _data;

    /// <summary>Wraps row-major values (copied). Throws <see cref="ArgumentException"/> when the length is not rows × columns.</summary>
    public static Representation FromRows(ReadOnlySpan<double> rowMajor, int rows, int columns, string name = "matrix")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != rowMajor.Length) throw new ArgumentException($"{name}: {rowMajor.Length} values cannot be {rows} × {columns}");
        return new Representation(rowMajor.ToArray(), rows, columns, name, "float64");
    }

    /// <summary>Wraps row-major float32 values, widening them to double.</summary>
    public static Representation FromRows(ReadOnlySpan<float> rowMajor, int rows, int columns, string name = "matrix")
    {
        if ((long)rows * columns != rowMajor.Length) throw new ArgumentException($"{name}: {rowMajor.Length} values cannot be {rows} × {columns}");
        var d = new double[rowMajor.Length];
        for (int i = 0; i < d.Length; i++) d[i] = rowMajor[i];
        return new Representation(d, rows, columns, name, "float32");
    }

    /// <summary>Loads a numeric <c>.npy</c> file of rank ≥ 1 (rank 1 is one feature per example).</summary>
    /// <exception cref="ConcordException">Missing, malformed or non-numeric file; the message names it.</exception>
    public static Representation Load(string path)
    {
        var (rows, columns, dtype) = Describe(path);
        if ((long)rows * columns > Array.MaxLength)
            throw ConcordException.InFile(path, $"{rows} × {columns} values do not fit in memory; use the streaming LinearCkaGrid");
        var a = Npy.Read<double>(path);
        return new Representation(a.Data, rows, columns, path, dtype.Descr());
    }

    /// <summary>Rows, flattened columns and dtype of a <c>.npy</c> file, rejecting non-numeric and scalar arrays.</summary>
    internal static (int Rows, int Columns, NpyDType DType) Describe(string path)
    {
        var h = Npy.ReadHeader(path);
        if (h.DType == NpyDType.Bool) throw ConcordException.InFile(path, "dtype bool is not numeric; save the features as float32 or float64", "descr");
        if (h.Shape.Length == 0) throw ConcordException.InFile(path, "a scalar is not a matrix of examples × features", "shape");
        if (h.Rows > int.MaxValue || h.RowLength > int.MaxValue) throw ConcordException.InFile(path, "too many rows or columns", "shape");
        return ((int)h.Rows, (int)h.RowLength, h.DType);
    }
}
