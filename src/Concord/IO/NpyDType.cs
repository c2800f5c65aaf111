namespace Concord.IO;

/// <summary>Element types Concord reads from and writes to NumPy <c>.npy</c> files (little-endian only).</summary>
public enum NpyDType
{
    Float32,
    Float64,
    Float16,
    Int8,
    UInt8,
    Int16,
    Int32,
    Int64,
    Bool,
}

/// <summary>Helpers mapping <see cref="NpyDType"/> to NumPy descr strings and sizes.</summary>
public static class NpyDTypes
{
    public static string Descr(this NpyDType t) => t switch
    {
        NpyDType.Float32 => "<f4",
        NpyDType.Float64 => "<f8",
        NpyDType.Float16 => "<f2",
        NpyDType.Int8 => "|i1",
        NpyDType.UInt8 => "|u1",
        NpyDType.Int16 => "<i2",
        NpyDType.Int32 => "<i4",
        NpyDType.Int64 => "<i8",
        NpyDType.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static int Size(this NpyDType t) => t switch
    {
        NpyDType.Float32 or NpyDType.Int32 => 4,
        NpyDType.Float64 or NpyDType.Int64 => 8,
        NpyDType.Float16 or NpyDType.Int16 => 2,
        _ => 1,
    };

    public static bool IsFloating(this NpyDType t) => t is NpyDType.Float32 or NpyDType.Float64 or NpyDType.Float16;

    /// <summary>Parses a NumPy descr; null when unsupported.</summary>
    public static NpyDType? Parse(string descr) => descr switch
    {
        "<f4" => NpyDType.Float32,
        "<f8" => NpyDType.Float64,
        "<f2" => NpyDType.Float16,
        "|i1" or "<i1" or "i1" => NpyDType.Int8,
        "|u1" or "<u1" or "u1" => NpyDType.UInt8,
        "<i2" => NpyDType.Int16,
        "<i4" => NpyDType.Int32,
        "<i8" => NpyDType.Int64,
        "|b1" or "<b1" or "b1" => NpyDType.Bool,
        _ => null,
    };
}
