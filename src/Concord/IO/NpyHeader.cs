using System.Globalization;
using System.Text;

namespace Concord.IO;

/// <summary>The parsed header of a <c>.npy</c> file: dtype, C-order shape and where the data start.</summary>
public sealed record NpyHeader(NpyDType DType, long[] Shape, long DataOffset)
{
    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Rows = first dimension (1 for a scalar).</summary>
    public long Rows => Shape.Length == 0 ? 1 : Shape[0];

    /// <summary>Elements per row: the product of all dimensions after the first (C-order flattening).</summary>
    public long RowLength => Shape.Length <= 1 ? 1 : Shape.Skip(1).Aggregate(1L, (a, b) => a * b);

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Serialises a version-1 header (version 2 if the dictionary is too long), padded to 64 bytes.</summary>
    public static byte[] Encode(NpyDType dtype, IReadOnlyList<long> shape)
    {
        string shapeText = shape.Count switch
        {
            0 => "()",
            1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
            _ => "(" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        string dict = $"{{'descr': '{dtype.Descr()}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int pre = Magic.Length + 2 + 2;
        int total = pre + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        bool v2 = padded - pre > ushort.MaxValue;
        if (v2) { pre += 2; total = pre + dict.Length + 1; padded = (total + 63) / 64 * 64; }
        var buf = new byte[padded];
        Magic.CopyTo(buf, 0);
        buf[6] = (byte)(v2 ? 2 : 1);
        buf[7] = 0;
        int headerLen = padded - pre;
        if (v2) BitConverter.TryWriteBytes(buf.AsSpan(8, 4), headerLen);
        else BitConverter.TryWriteBytes(buf.AsSpan(8, 2), (ushort)headerLen);
        Encoding.ASCII.GetBytes(dict).CopyTo(buf, pre);
        for (int i = pre + dict.Length; i < padded - 1; i++) buf[i] = (byte)' ';
        buf[padded - 1] = (byte)'\n';
        return buf;
    }

    /// <summary>Reads and validates the header at the start of <paramref name="s"/>.</summary>
    /// <exception cref="ConcordException">The file is not a supported .npy file; the message names <paramref name="path"/>.</exception>
    public static NpyHeader Read(Stream s, string path)
    {
        Span<byte> pre = stackalloc byte[10];
        if (s.ReadAtLeast(pre, 10, throwOnEndOfStream: false) < 10 || !pre[..6].SequenceEqual(Magic))
            throw ConcordException.InFile(path, "not a NumPy .npy file (bad magic)");
        int major = pre[6];
        int headerLen;
        long offset;
        if (major == 1) { headerLen = BitConverter.ToUInt16(pre[8..10]); offset = 10; }
        else if (major is 2 or 3)
        {
            Span<byte> extra = stackalloc byte[2];
            if (s.ReadAtLeast(extra, 2, false) < 2) throw ConcordException.InFile(path, "truncated .npy header");
            headerLen = BitConverter.ToInt32([pre[8], pre[9], extra[0], extra[1]]);
            offset = 12;
        }
        else throw ConcordException.InFile(path, $"unsupported .npy format version {major}");
        if (headerLen <= 0 || headerLen > 1 << 20) throw ConcordException.InFile(path, "corrupt .npy header length");
        var hdr = new byte[headerLen];
        if (s.ReadAtLeast(hdr, headerLen, false) < headerLen) throw ConcordException.InFile(path, "truncated .npy header");
        string text = Encoding.Latin1.GetString(hdr);
        string descr = Field(text, "descr", path).Trim('\'', '"');
        var dtype = NpyDTypes.Parse(descr)
            ?? throw ConcordException.InFile(path, $"unsupported dtype '{descr}' (expected a little-endian numeric type such as <f4, <f8, <i4, <i8)", "descr");
        string fortran = Field(text, "fortran_order", path);
        if (fortran.StartsWith("True", StringComparison.Ordinal))
            throw ConcordException.InFile(path, "Fortran-ordered arrays are not supported; save with np.ascontiguousarray", "fortran_order");
        string shapeText = Field(text, "shape", path);
        long[] shape = shapeText.Trim('(', ')', ' ')
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v >= 0
                ? v : throw ConcordException.InFile(path, $"bad shape '{shapeText}'", "shape"))
            .ToArray();
        var h = new NpyHeader(dtype, shape, offset + headerLen);
        long expected;
        try { expected = checked(shape.Aggregate(1L, (a, b) => checked(a * b)) * dtype.Size()); }
        catch (OverflowException) { throw ConcordException.InFile(path, $"shape ({string.Join(",", shape)}) is too large: its byte count overflows", "shape"); }
        if (s.CanSeek && s.Length < h.DataOffset + expected)
            throw ConcordException.InFile(path, $"truncated: expected {expected} data bytes for shape ({string.Join(",", shape)}), found {s.Length - h.DataOffset}");
        if (s.CanSeek && s.Length > h.DataOffset + expected)
            throw ConcordException.InFile(path, $"the header's shape ({string.Join(",", shape)}) holds {expected} data bytes but the file has {s.Length - h.DataOffset}; "
                + "refusing to drop the extra data (the header does not describe the file)", "shape");
        return h;
    }

    private static string Field(string text, string key, string path)
    {
        int k = text.IndexOf("'" + key + "'", StringComparison.Ordinal);
        if (k < 0) throw ConcordException.InFile(path, "missing key in .npy header", key);
        int colon = text.IndexOf(':', k);
        int start = colon + 1;
        while (start < text.Length && text[start] == ' ') start++;
        if (colon < 0 || start >= text.Length) throw ConcordException.InFile(path, "malformed .npy header", key);
        int end;
        if (text[start] == '(') end = text.IndexOf(')', start) + 1;
        else if (text[start] is '\'' or '"') end = text.IndexOf(text[start], start + 1) + 1;
        else { end = text.IndexOfAny([',', '}'], start); }
        if (end <= start) throw ConcordException.InFile(path, "malformed .npy header", key);
        return text[start..end].Trim();
    }
}
