using System.Buffers.Binary;

namespace Concord.Tests.Audio;

/// <summary>Builds WAV files byte by byte for decoder tests: any format tag, bit depth, channel count and chunk layout.</summary>
internal static class WavBytes
{
    public static readonly Guid SubtypePcm = new("00000001-0000-0010-8000-00aa00389b71");
    public static readonly Guid SubtypeFloat = new("00000003-0000-0010-8000-00aa00389b71");

    /// <summary>A 16-byte (or 40-byte extensible) fmt chunk body.</summary>
    public static byte[] Fmt(ushort tag, int channels, int rate, int bits, Guid? subtype = null)
    {
        int blockAlign = channels * bits / 8;
        var b = new byte[subtype is null ? 16 : 40];
        var s = b.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(s, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], (uint)(rate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(s[12..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(s[14..], (ushort)bits);
        if (subtype is { } g)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s[16..], 22);
            BinaryPrimitives.WriteUInt16LittleEndian(s[18..], (ushort)bits);
            BinaryPrimitives.WriteUInt32LittleEndian(s[20..], channels == 1 ? 4u : 3u);
            g.TryWriteBytes(s[24..]);
        }
        return b;
    }

    /// <summary>A RIFF/WAVE file from chunks (id, body); odd bodies get their pad byte.</summary>
    public static byte[] Riff(params (string Id, byte[] Body)[] chunks)
    {
        var ms = new MemoryStream();
        ms.Write("RIFF"u8); ms.Write(new byte[4]); ms.Write("WAVE"u8);
        foreach (var (id, body) in chunks)
        {
            ms.Write(System.Text.Encoding.ASCII.GetBytes(id));
            var len = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)body.Length);
            ms.Write(len);
            ms.Write(body);
            if (body.Length % 2 == 1) ms.WriteByte(0);
        }
        var bytes = ms.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    /// <summary>Interleaved integer PCM data: values are raw integers of the given bit depth (8-bit unsigned).</summary>
    public static byte[] IntData(int bits, params long[] raw)
    {
        int bps = bits / 8;
        var b = new byte[raw.Length * bps];
        for (int i = 0; i < raw.Length; i++)
            for (int k = 0; k < bps; k++) b[i * bps + k] = (byte)(raw[i] >> (8 * k));
        return b;
    }

    public static byte[] FloatData(params float[] v)
    {
        var b = new byte[v.Length * 4];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * i), v[i]);
        return b;
    }

    public static byte[] DoubleData(params double[] v)
    {
        var b = new byte[v.Length * 8];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(8 * i), v[i]);
        return b;
    }
}
