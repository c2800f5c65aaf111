namespace Concord.Numerics;

/// <summary>
/// A dense rows × columns window on a double array, column-major or row-major with a leading dimension
/// <see cref="Stride"/>. The operands of <see cref="CrossProducts.Accumulate"/> (C += AᵀB) are such views, so callers pass
/// their data as it is stored, without transposing copies.
/// <para>
/// A row-major view may also carry a value to subtract from each column (<see cref="ColumnShifts"/>): the view then
/// stands for the column-centred matrix without a centred copy being made. The subtraction happens as blocks are packed,
/// so products of the view equal those of a centred copy bit for bit.
/// </para>
/// </summary>
public readonly record struct MatrixView(double[] Data, long Offset, int Rows, int Columns, StorageOrder Order, int Stride)
{
    /// <summary>
    /// When set (row-major views only), element (r, c) is <c>Data[…] − ColumnShifts[ShiftOffset + c]</c>: one value per
    /// column, subtracted in double.
    /// </summary>
    internal double[]? ColumnShifts { get; init; }

    /// <summary>Index in <see cref="ColumnShifts"/> of column 0's value.</summary>
    internal int ShiftOffset { get; init; }

    /// <summary>Rows × columns of row-major <paramref name="data"/> minus <paramref name="shifts"/>[c] in every column c.</summary>
    internal static MatrixView RowMajorShifted(double[] data, int rows, int columns, double[] shifts) =>
        RowMajor(data, 0, rows, columns) with { ColumnShifts = shifts };

    /// <summary><paramref name="columns"/> vectors of <paramref name="rows"/> values stored back to back (column-major, stride = rows).</summary>
    public static MatrixView ColumnMajor(double[] data, long offset, int rows, int columns) =>
        new(data, offset, rows, columns, StorageOrder.ColumnMajor, rows);

    /// <summary><paramref name="rows"/> rows of <paramref name="columns"/> values stored back to back (row-major, stride = columns).</summary>
    public static MatrixView RowMajor(double[] data, long offset, int rows, int columns) =>
        new(data, offset, rows, columns, StorageOrder.RowMajor, columns);

    /// <summary>Columns [start, start + count) as a view on the same data.</summary>
    public MatrixView SliceColumns(int start, int count) =>
        this with { Offset = Order == StorageOrder.ColumnMajor ? Offset + (long)start * Stride : Offset + start, Columns = count, ShiftOffset = ShiftOffset + start };

    /// <summary>Element (r, c).</summary>
    public double this[int r, int c] => ColumnShifts is null ? Data[Index(r, c)] : Data[Index(r, c)] - ColumnShifts[ShiftOffset + c];

    internal long Index(int r, int c) => Order == StorageOrder.ColumnMajor ? Offset + (long)c * Stride + r : Offset + (long)r * Stride + c;

    /// <summary>Throws unless the view lies inside <see cref="Data"/> and its stride covers a column (or row).</summary>
    internal void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(Data, name);
        if (Rows < 0 || Columns < 0 || Offset < 0) throw new ArgumentException($"{name}: negative size or offset");
        if (Stride < (Order == StorageOrder.ColumnMajor ? Rows : Columns)) throw new ArgumentException($"{name}: stride {Stride} shorter than a {(Order == StorageOrder.ColumnMajor ? "column" : "row")}");
        if (Rows > 0 && Columns > 0 && Index(Rows - 1, Columns - 1) >= Data.LongLength) throw new ArgumentException($"{name}: view extends past the end of the array");
        if (ColumnShifts is not null)
        {
            if (Order != StorageOrder.RowMajor) throw new ArgumentException($"{name}: column shifts need a row-major view");
            if (ShiftOffset < 0 || ShiftOffset + (long)Columns > ColumnShifts.Length) throw new ArgumentException($"{name}: fewer column shifts than columns");
        }
    }
}
