using System.Buffers.Binary;

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
        if (file.Length < 12) throw ConcordException.InFile(path, $"truncated WAV header ({file.Length} bytes)");
        if (!file[8..12].SequenceEqual("WAVE"u8))
            throw ConcordException.InFile(path, "RIFF file is not a WAVE file (form type '" + Ascii(file[8..12]) + "')");
        int pos = 12;
        Format? fmt = null;
        ReadOnlySpan<byte> data = default;
        bool haveData = false;
        while (pos + 8 <= file.Length)
        {
            var id = file.Slice(pos, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(pos + 4, 4));
            int body = pos + 8;
            long available = file.Length - body;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || size > available) throw ConcordException.InFile(path, $"truncated or malformed 'fmt ' chunk ({size} bytes declared, {available} present)");
                fmt = ParseFormat(file.Slice(body, (int)size), path);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (fmt is null) throw ConcordException.InFile(path, "'data' chunk comes before the 'fmt ' chunk");
                long len = size;
                if (size == uint.MaxValue) len = available;            // unknown length (streamed writer): read to EOF
                else if (size > available)
                    throw ConcordException.InFile(path, $"truncated: the data chunk declares {size} bytes but only {available} are present");
                data = file.Slice(body, (int)len);
                haveData = true;
                break;
            }
            long next = body + (long)size + (size & 1);
            if (next > file.Length) break;
            pos = (int)next;
        }
        if (fmt is null) throw ConcordException.InFile(path, "not a valid WAV file: no 'fmt ' chunk");
        if (!haveData) throw ConcordException.InFile(path, "truncated or malformed WAV: no 'data' chunk");
        var f = fmt.Value;
        int frames = data.Length / f.BlockAlign;
        if (frames == 0) throw ConcordException.InFile(path, "the WAV file contains no audio samples");
        return new AudioClip(ToMono(data, f, frames), f.SampleRate, f.Channels);
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

    private static float[] ToMono(ReadOnlySpan<byte> data, Format f, int frames)
    {
        var mono = new float[frames];
        int ch = f.Channels, stride = f.BlockAlign, bps = f.BytesPerSample;
        if (ch == 1 && !f.IsFloat && bps == 2 && stride == 2)
        {
            // Fast path: mono 16-bit.
            for (int i = 0; i < frames; i++) mono[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]) * (1f / 32768f);
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
