using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Concord.Audio;

/// <summary>
/// RIFF/WAVE decoding: PCM 8 (unsigned), 16, 24, 32-bit integer, 32/64-bit IEEE float, and
/// <c>WAVE_FORMAT_EXTENSIBLE</c> wrapping either. Integers are scaled like libsndfile/soundfile (x / 2^(bits−1),
/// 8-bit as (x − 128)/128), so the samples equal what <c>librosa.load</c> returns. Channels are averaged to mono.
/// </summary>
internal static class WavDecoder
{
    private const ushort TagPcm = 0x0001, TagFloat = 0x0003, TagExtensible = 0xFFFE;

    // The GUID tail shared by KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: {0000xxxx-0000-0010-8000-00AA00389B71}.
    private static ReadOnlySpan<byte> GuidTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static AudioClip Decode(ReadOnlySpan<byte> file, string path)
    {
        var layout = Layout(file, file.Length, path)!.Value;
        var f = layout.Format;
        int frames = checked((int)layout.FrameCount);
        var mono = ToMono(file.Slice((int)layout.DataOffset, frames * f.BlockAlign), f, frames);
        if (f.IsFloat)
            for (int i = 0; i < mono.Length; i++)
                if (!float.IsFinite(mono[i])) throw ConcordException.InFile(path, $"corrupt float data: sample frame {i} is {mono[i]} (audio must be finite)");
        return new AudioClip(mono, f.SampleRate, f.Channels);
    }

    /// <summary>Rate, channels and frame count from the header alone (the first bytes of the file suffice in practice).</summary>
    public static AudioInfo? ReadInfo(ReadOnlySpan<byte> head, long fileLength, string path)
    {
        if (Layout(head, fileLength, path) is not { } layout) return null;
        return new AudioInfo(layout.Format.SampleRate, layout.Format.Channels, layout.FrameCount);
    }

    /// <summary>Where the samples are. <paramref name="head"/> is the whole file or a prefix of it; null when the
    /// prefix ends before the data chunk's header.</summary>
    private static (Format Format, long DataOffset, long FrameCount)? Layout(ReadOnlySpan<byte> head, long fileLength, string path)
    {
        if (fileLength < 12) throw ConcordException.InFile(path, $"truncated WAV header ({fileLength} bytes)");
        if (!head[8..12].SequenceEqual("WAVE"u8))
            throw ConcordException.InFile(path, "RIFF file is not a WAVE file (form type '" + Ascii(head[8..12]) + "')");
        long pos = 12;
        Format? fmt = null;
        while (pos + 8 <= fileLength)
        {
            if (pos + 8 > head.Length) return null;
            var id = head.Slice((int)pos, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(head.Slice((int)pos + 4, 4));
            long body = pos + 8;
            long available = fileLength - body;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || size > available) throw ConcordException.InFile(path, $"truncated or malformed 'fmt ' chunk ({size} bytes declared, {available} present)");
                if (body + size > head.Length) return null;
                fmt = ParseFormat(head.Slice((int)body, (int)size), path);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (fmt is null) throw ConcordException.InFile(path, "'data' chunk comes before the 'fmt ' chunk");
                long len = size;
                if (size == uint.MaxValue) len = available;            // unknown length (streamed writer): read to EOF
                else if (size > available)
                    throw ConcordException.InFile(path, $"truncated: the data chunk declares {size} bytes but only {available} are present");
                long frames = len / fmt.Value.BlockAlign;
                if (frames == 0) throw ConcordException.InFile(path, "the WAV file contains no audio samples");
                return (fmt.Value, body, frames);
            }
            long next = body + size + (size & 1);
            if (next > fileLength) break;
            pos = next;
        }
        if (fmt is null) throw ConcordException.InFile(path, "not a valid WAV file: no 'fmt ' chunk");
        throw ConcordException.InFile(path, "truncated or malformed WAV: no 'data' chunk");
    }

    private readonly record struct Format(bool IsFloat, int Channels, int SampleRate, int BlockAlign, int BytesPerSample);

    private static Format ParseFormat(ReadOnlySpan<byte> c, string path)
    {
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(c);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(c[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(c[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(c[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(c[14..]);
        if (tag == TagExtensible)
        {
            if (c.Length < 40) throw ConcordException.InFile(path, "malformed WAVE_FORMAT_EXTENSIBLE header (fmt chunk shorter than 40 bytes)");
            var guid = c.Slice(24, 16);
            ushort sub = BinaryPrimitives.ReadUInt16LittleEndian(guid);
            if (!guid[2..].SequenceEqual(GuidTail) || (sub != TagPcm && sub != TagFloat))
                throw ConcordException.InFile(path, $"unsupported codec: WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)} (only PCM and IEEE float are supported)");
            tag = sub;
        }
        if (tag != TagPcm && tag != TagFloat)
            throw ConcordException.InFile(path, $"unsupported codec: WAV format tag {tag} ({CodecName(tag)}); only PCM and IEEE float WAV are supported");
        if (channels == 0) throw ConcordException.InFile(path, "WAV header declares 0 channels");
        if (rate == 0 || rate > int.MaxValue) throw ConcordException.InFile(path, $"WAV header declares an invalid sample rate ({rate} Hz)");
        bool isFloat = tag == TagFloat;
        bool ok = isFloat ? bits is 32 or 64 : bits is 8 or 16 or 24 or 32;
        if (!ok) throw ConcordException.InFile(path, $"unsupported codec: {bits}-bit {(isFloat ? "float" : "PCM")} WAV");
        int bps = bits / 8;
        if (blockAlign < channels * bps)
            throw ConcordException.InFile(path, $"malformed WAV header: block align {blockAlign} is smaller than {channels} channels × {bps} bytes");
        return new Format(isFloat, channels, (int)rate, blockAlign, bps);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] ToMono(ReadOnlySpan<byte> data, Format f, int frames)
    {
        var mono = new float[frames];
        int ch = f.Channels, stride = f.BlockAlign, bps = f.BytesPerSample;
        if (ch == 1 && !f.IsFloat && bps == 2 && stride == 2 && BitConverter.IsLittleEndian)
        {
            // Fast path: mono 16-bit (NSynth).
            var pcm = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(data[..(2 * frames)]);
            for (int i = 0; i < pcm.Length; i++) mono[i] = pcm[i] * (1f / 32768f);
            return mono;
        }
        double inv = 1.0 / ch;
        for (int i = 0; i < frames; i++)
        {
            var frame = data.Slice(i * stride, ch * bps);
            double sum = 0;
            for (int c = 0; c < ch; c++) sum += Sample(frame.Slice(c * bps, bps), f.IsFloat);
            mono[i] = ch == 1 ? (float)sum : (float)(sum * inv);
        }
        return mono;
    }

    /// <summary>One sample as float32 (the value soundfile returns), widened to double for channel averaging.</summary>
    private static double Sample(ReadOnlySpan<byte> b, bool isFloat) => (isFloat, b.Length) switch
    {
        (true, 4) => BinaryPrimitives.ReadSingleLittleEndian(b),
        (true, _) => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
        (false, 1) => (b[0] - 128) * (1f / 128f),
        (false, 2) => BinaryPrimitives.ReadInt16LittleEndian(b) * (1f / 32768f),
        (false, 3) => ((b[0] | (b[1] << 8) | (b[2] << 16)) << 8 >> 8) * (1f / 8388608f),
        _ => (float)(BinaryPrimitives.ReadInt32LittleEndian(b) * (1.0 / 2147483648.0)),
    };

    private static string CodecName(ushort tag) => tag switch
    {
        0x0000 => "unknown",
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0007 => "µ-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 => "MPEG audio",
        0x0055 => "MPEG Layer 3",
        0x0092 => "Dolby AC-3 SPDIF",
        0x0161 or 0x0162 or 0x0163 => "Windows Media Audio",
        0x2000 => "Dolby AC-3",
        0xF1AC => "FLAC",
        _ => $"0x{tag:X4}",
    };

    private static string Ascii(ReadOnlySpan<byte> b)
    {
        var chars = new char[b.Length];
        for (int i = 0; i < b.Length; i++) chars[i] = b[i] is >= 32 and < 127 ? (char)b[i] : '?';
        return new string(chars);
    }
}
