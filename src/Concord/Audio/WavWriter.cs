using System.Buffers.Binary;
using Concord.IO;

namespace Concord.Audio;

/// <summary>
/// Writes mono WAV files atomically (temporary file, then rename; see <see cref="AtomicFile"/>).
/// Integer formats scale x by 2^(bits−1), round half away from zero and clip to the integer range, so that
/// <see cref="AudioFile.Load"/> reads back exactly the samples that are multiples of 2^−(bits−1).
/// </summary>
public static class WavWriter
{
    /// <summary>Writes <paramref name="samples"/> (nominally in [−1, 1]) as a mono WAV at <paramref name="sampleRateHz"/>.</summary>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRateHz, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        byte[] bytes = Encode(samples, sampleRateHz, format);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    /// <summary>The complete WAV file as bytes.</summary>
    public static byte[] Encode(ReadOnlySpan<float> samples, int sampleRateHz, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        (int bytesPerSample, ushort tag) = format switch
        {
            WavSampleFormat.Pcm16 => (2, (ushort)1),
            WavSampleFormat.Pcm24 => (3, (ushort)1),
            WavSampleFormat.Float32 => (4, (ushort)3),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        long dataBytes = (long)samples.Length * bytesPerSample;
        if (dataBytes + 36 > uint.MaxValue) throw new ArgumentException("too many samples for a WAV file", nameof(samples));
        var b = new byte[44 + dataBytes];
        var s = b.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)(36 + dataBytes));
        "WAVE"u8.CopyTo(s[8..]);
        "fmt "u8.CopyTo(s[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(s[20..], tag);
        BinaryPrimitives.WriteUInt16LittleEndian(s[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], (uint)sampleRateHz);
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], (uint)(sampleRateHz * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(s[32..], (ushort)bytesPerSample);
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], (ushort)(8 * bytesPerSample));
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[40..], (uint)dataBytes);
        var d = s[44..];
        for (int i = 0; i < samples.Length; i++)
        {
            float x = samples[i];
            switch (format)
            {
                case WavSampleFormat.Pcm16:
                    BinaryPrimitives.WriteInt16LittleEndian(d[(2 * i)..], (short)Quantise(x, 32768.0, short.MinValue, short.MaxValue));
                    break;
                case WavSampleFormat.Pcm24:
                    int v = Quantise(x, 8388608.0, -8388608, 8388607);
                    d[3 * i] = (byte)v; d[3 * i + 1] = (byte)(v >> 8); d[3 * i + 2] = (byte)(v >> 16);
                    break;
                default:
                    BinaryPrimitives.WriteSingleLittleEndian(d[(4 * i)..], x);
                    break;
            }
        }
        return b;
    }

    private static int Quantise(float x, double scale, int min, int max)
    {
        if (float.IsNaN(x)) return 0;
        double v = Math.Round(x * scale, MidpointRounding.AwayFromZero);
        return (int)Math.Clamp(v, min, max);
    }
}
