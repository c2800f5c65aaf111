namespace Concord.Numerics;

/// <summary>How a <see cref="MatrixView"/> stores its elements.</summary>
public enum StorageOrder
{
    /// <summary>Each column contiguous: element (r, c) at <c>Offset + c·Stride + r</c> (e.g. vectors stored back to back).</summary>
    ColumnMajor,
    /// <summary>Each row contiguous: element (r, c) at <c>Offset + r·Stride + c</c> (e.g. a block of <c>.npy</c> rows).</summary>
    RowMajor,
}
