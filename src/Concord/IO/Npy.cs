using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Concord.IO;

/// <summary>An in-memory array loaded from a <c>.npy</c> file: C-order data converted to <typeparamref name="T"/>.</summary>
public sealed record NpyArray<T>(T[] Data, long[] Shape) where T : unmanaged
{
    public long Rows => Shape.Length == 0 ? 1 : Shape[0];
    public long RowLength => Shape.Length <= 1 ? 1 : Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// Reading and writing NumPy <c>.npy</c> files (format versions 1–3, little-endian, C order), so that
/// <c>numpy.load(path, mmap_mode='r')</c> opens every array Concord writes. Writes are atomic.
/// </summary>
public static class Npy
{
    /// <summary>Reads a whole file, converting any supported numeric dtype to <typeparamref name="T"/>
    /// (float, double, int, long, short, byte, Half).</summary>
    public static NpyArray<T> Read<T>(string path) where T : unmanaged, INumberBase<T>
    {
        using var r = new NpyReader(path);
        if (r.Header.Count > Array.MaxLength)
            throw ConcordException.InFile(path, $"{r.Header.Count} elements are more than one array can hold ({Array.MaxLength})", "shape");
        var data = new T[(int)r.Header.Count];
        r.ReadElements(0, data);
        return new NpyArray<T>(data, r.Header.Shape);
    }

    /// <summary>Reads only the header of <paramref name="path"/>.</summary>
    public static NpyHeader ReadHeader(string path)
    {
        using var fs = OpenRead(path);
        return NpyHeader.Read(fs, path);
    }

    /// <summary>Writes <paramref name="data"/> with <paramref name="shape"/> atomically (temporary file, then rename).</summary>
    public static void Write<T>(string path, ReadOnlySpan<T> data, params long[] shape) where T : unmanaged
    {
        var dtype = DTypeOf<T>();
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length) throw new ArgumentException($"shape ({string.Join(",", shape)}) holds {count} elements, data has {data.Length}");
        if (shape.Length == 0 || count == 0)
        {
            // a scalar or an empty array: nothing to stream
            byte[] header = NpyHeader.Encode(dtype, shape), bytes = MemoryMarshal.AsBytes(data).ToArray();
            AtomicFile.Write(path, s => { s.Write(header); s.Write(bytes); });
            return;
        }
        // streamed from the caller's memory (no copy of the array; a spectrogram stack is tens of megabytes), atomically
        using var writer = new NpyRowWriter<T>(path, shape);
        writer.WriteRows(data);
        writer.Commit();
    }

    /// <summary>Maps a CLR element type to its .npy dtype.</summary>
    public static NpyDType DTypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? NpyDType.Float32 :
        typeof(T) == typeof(double) ? NpyDType.Float64 :
        typeof(T) == typeof(Half) ? NpyDType.Float16 :
        typeof(T) == typeof(int) ? NpyDType.Int32 :
        typeof(T) == typeof(long) ? NpyDType.Int64 :
        typeof(T) == typeof(short) ? NpyDType.Int16 :
        typeof(T) == typeof(byte) ? NpyDType.UInt8 :
        typeof(T) == typeof(sbyte) ? NpyDType.Int8 :
        typeof(T) == typeof(bool) ? NpyDType.Bool :
        throw new NotSupportedException($"no .npy dtype for {typeof(T)}");

    internal static FileStream OpenRead(string path)
    {
        FileKinds.RequireRegularInput(path);
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (FileNotFoundException) { throw ConcordException.InFile(path, "file not found"); }
        catch (DirectoryNotFoundException) { throw ConcordException.InFile(path, "file not found"); }
        catch (UnauthorizedAccessException) { throw ConcordException.InFile(path, "permission denied"); }
    }
}

/// <summary>
/// Random-access reader over a <c>.npy</c> file: reads element or row ranges with conversion,
/// so arrays larger than memory can be processed in blocks.
/// </summary>
public sealed class NpyReader : IDisposable
{
    private readonly FileStream _stream;
    private readonly System.Security.Cryptography.IncrementalHash? _hash;
    private long _hashed;   // bytes [0, _hashed) of the file are in _hash; −1 once a read skipped or went back
    public NpyHeader Header { get; }
    public string Path { get; }

    public NpyReader(string path) : this(path, hashContents: false) { }

    /// <param name="path">The file.</param>
    /// <param name="hashContents">Also hash the file's bytes as they are read, for <see cref="Sha256"/>: a reader that goes
    /// through the rows in order then yields the file's SHA-256 without a second read.</param>
    public NpyReader(string path, bool hashContents)
    {
        Path = path;
        _stream = Npy.OpenRead(path);
        try
        {
            Header = NpyHeader.Read(_stream, path);
            if (hashContents)
            {
                _hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
                var head = new byte[checked((int)Header.DataOffset)];
                _stream.Position = 0;
                _stream.ReadExactly(head);   // the header's few hundred bytes, still in the stream's buffer
                _hash.AppendData(head);
                _hashed = head.Length;
            }
        }
        catch { _stream.Dispose(); _hash?.Dispose(); throw; }
    }

    /// <summary>SHA-256 (lower-case hex) of the whole file, for a reader opened with <c>hashContents</c> whose reads went
    /// through the file in order (any bytes after the last read, such as rows not read, are read now).</summary>
    /// <exception cref="InvalidOperationException">The reader does not hash, or a read skipped or went back.</exception>
    public string Sha256()
    {
        if (_hash is null || _hashed < 0) throw new InvalidOperationException($"{Path}: the reader did not read the file in order");
        _stream.Position = _hashed;
        var buffer = new byte[1 << 16];
        int n;
        while ((n = _stream.Read(buffer)) > 0) _hash.AppendData(buffer.AsSpan(0, n));
        _hashed = -1;
        return System.Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    private void Hashed(long position, ReadOnlySpan<byte> bytes)
    {
        if (_hash is null || _hashed < 0) return;
        if (position != _hashed) { _hashed = -1; return; }
        _hash.AppendData(bytes);
        _hashed += bytes.Length;
    }

    /// <summary>Reads rows [<paramref name="firstRow"/>, firstRow + rowCount) flattened C-order into <paramref name="destination"/>.</summary>
    public void ReadRows<T>(long firstRow, int rowCount, Span<T> destination) where T : unmanaged, INumberBase<T>
    {
        long len = Header.RowLength;
        if (firstRow < 0 || firstRow + rowCount > Header.Rows) throw new ArgumentOutOfRangeException(nameof(firstRow));
        ReadElements(firstRow * len, destination[..checked((int)(rowCount * len))]);
    }

    /// <summary>Reads <paramref name="destination"/>.Length elements starting at element <paramref name="firstElement"/>.</summary>
    public void ReadElements<T>(long firstElement, Span<T> destination) where T : unmanaged, INumberBase<T>
    {
        var dtype = Header.DType;
        int size = dtype.Size();
        long position = Header.DataOffset + firstElement * size;
        _stream.Position = position;
        if (Npy.DTypeOf<T>() == dtype)
        {
            // the stored type: read straight into the destination (no staging buffer, no copy)
            var whole = MemoryMarshal.AsBytes(destination);
            if (_stream.ReadAtLeast(whole, whole.Length, throwOnEndOfStream: false) < whole.Length)
                throw ConcordException.InFile(Path, "truncated data");
            Hashed(position, whole);
            return;
        }
        const int chunk = 1 << 16;
        var buf = new byte[Math.Min(destination.Length, chunk) * size];
        int done = 0;
        while (done < destination.Length)
        {
            int n = Math.Min(chunk, destination.Length - done);
            int bytes = n * size;
            if (_stream.ReadAtLeast(buf.AsSpan(0, bytes), bytes, throwOnEndOfStream: false) < bytes)
                throw ConcordException.InFile(Path, "truncated data");
            Hashed(position + (long)done * size, buf.AsSpan(0, bytes));
            Convert(dtype, buf.AsSpan(0, bytes), destination.Slice(done, n));
            done += n;
        }
    }

    private static void Convert<T>(NpyDType dtype, ReadOnlySpan<byte> src, Span<T> dst) where T : unmanaged, INumberBase<T>
    {
        if (Npy.DTypeOf<T>() == dtype) { src.CopyTo(MemoryMarshal.AsBytes(dst)); return; }
        switch (dtype)
        {
            case NpyDType.Float32: { var s = MemoryMarshal.Cast<byte, float>(src); for (int i = 0; i < s.Length; i++) dst[i] = T.CreateTruncating(s[i]); break; }
            case NpyDType.Float64: { var s = MemoryMarshal.Cast<byte, double>(src); for (int i = 0; i < s.Length; i++) dst[i] = T.CreateTruncating(s[i]); break; }
            case NpyDType.Float16: { var s = MemoryMarshal.Cast<byte, Half>(src); for (int i = 0; i < s.Length; i++) dst[i] = T.CreateTruncating((float)s[i]); break; }
            case NpyDType.Int16: { var s = MemoryMarshal.Cast<byte, short>(src); for (int i = 0; i < s.Length; i++) dst[i] = T.CreateTruncating(s[i]); break; }
            case NpyDType.Int32: { var s = MemoryMarshal.Cast<byte, int>(src); for (int i = 0; i < s.Length; i++) dst[i] = T.CreateTruncating(s[i]); break; }
            case NpyDType.Int64: { var s = MemoryMarshal.Cast<byte, long>(src); for (int i = 0; i < s.Length; i++) dst[i] = T.CreateTruncating(s[i]); break; }
            case NpyDType.Int8: { var s = MemoryMarshal.Cast<byte, sbyte>(src); for (int i = 0; i < s.Length; i++) dst[i] = T.CreateTruncating(s[i]); break; }
            case NpyDType.UInt8: case NpyDType.Bool: for (int i = 0; i < src.Length; i++) dst[i] = T.CreateTruncating(src[i]); break;
            default: throw new NotSupportedException(dtype.ToString());
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _hash?.Dispose();
    }
}

/// <summary>
/// Streams rows into a <c>.npy</c> file of known shape without holding the array in memory.
/// Data go to a temporary file; <see cref="Commit"/> checks the row count and renames it into place.
/// Disposing without committing deletes the temporary, so no partial array is ever visible.
/// </summary>
public sealed class NpyRowWriter<T> : IDisposable where T : unmanaged
{
    private readonly FileStream _stream;
    private readonly string _tmp;
    private readonly string _path;
    private readonly long _rowLength;
    private bool _committed;

    public long RowsWritten { get; private set; }
    public long[] Shape { get; }

    public NpyRowWriter(string path, params long[] shape)
    {
        if (shape.Length == 0) throw new ArgumentException("shape must have at least one dimension", nameof(shape));
        _path = AtomicFile.Target(path);
        if (Directory.Exists(_path)) throw ConcordException.InFile(path, "output is a folder; expected a file name");
        Shape = shape;
        _rowLength = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        AtomicFile.EnsureWritableDirectory(System.IO.Path.GetDirectoryName(_path)!);
        long bytes;
        try { bytes = checked(shape.Aggregate(1L, (a, b) => checked(a * b)) * Unsafe.SizeOf<T>()); }
        catch (OverflowException) { throw ConcordException.InFile(path, $"shape ({string.Join(",", shape)}) is too large: its byte count overflows", "shape"); }
        DiskSpace.Require(_path, bytes, $"{System.IO.Path.GetFileName(_path)} [{string.Join(", ", shape)}] {Npy.DTypeOf<T>().Descr()}");
        _tmp = AtomicFile.TemporaryPathFor(_path);
        _stream = new FileStream(_tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        _stream.Write(NpyHeader.Encode(Npy.DTypeOf<T>(), shape));
    }

    /// <summary>Appends whole rows (length must be a multiple of the row length).</summary>
    public void WriteRows(ReadOnlySpan<T> rows)
    {
        if (rows.Length % _rowLength != 0) throw new ArgumentException($"row data length {rows.Length} is not a multiple of the row length {_rowLength}");
        long n = rows.Length / _rowLength;
        if (RowsWritten + n > Shape[0]) throw new InvalidOperationException($"{_path}: more rows than the declared {Shape[0]}");
        try { _stream.Write(MemoryMarshal.AsBytes(rows)); }
        catch (IOException ex) { throw new ConcordException($"{_path}: could not write ({ex.Message.TrimEnd('.')})", ex); }
        RowsWritten += n;
    }

    /// <summary>Flushes to disk and renames the temporary into place.</summary>
    public void Commit()
    {
        if (RowsWritten != Shape[0]) throw new InvalidOperationException($"{_path}: wrote {RowsWritten} of {Shape[0]} rows");
        try
        {
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_tmp, _path, overwrite: true);
        }
        catch (IOException ex) { throw new ConcordException($"{_path}: could not write ({ex.Message.TrimEnd('.')})", ex); }
        _committed = true;
    }

    public void Dispose()
    {
        // Disposing flushes buffered rows, which fails on a full disk: the temporary must go all the same.
        try { _stream.Dispose(); }
        catch (IOException) when (!_committed) { }
        if (!_committed) { try { File.Delete(_tmp); } catch (IOException) { } }
    }
}
