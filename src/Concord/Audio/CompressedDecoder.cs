namespace Concord.Audio;

/// <summary>Ogg Vorbis (NVorbis) and MP3 (NLayer) decoding to mono float32; decoder failures become one-line <see cref="ConcordException"/>s.</summary>
internal static class CompressedDecoder
{
    public static AudioClip DecodeVorbis(byte[] bytes, int length, string path) => Decode(bytes, length, path, "Ogg Vorbis", s =>
    {
        var r = new NVorbis.VorbisReader(s, closeOnDispose: true);
        return (r, r.Channels, r.SampleRate, (buf, off, n) => r.ReadSamples(buf, off, n));
    });

    public static AudioClip DecodeMp3(byte[] bytes, int length, string path) => Decode(bytes, length, path, "MP3", s =>
    {
        var m = new NLayer.MpegFile(s);
        return (m, m.Channels, m.SampleRate, (buf, off, n) => m.ReadSamples(buf, off, n));
    });

    private static AudioClip Decode(byte[] bytes, int length, string path, string what,
        Func<Stream, (IDisposable Owner, int Channels, int Rate, Func<float[], int, int, int> Read)> open)
    {
        try
        {
            var (owner, channels, rate, read) = open(new MemoryStream(bytes, 0, length, writable: false));
            using (owner)
            {
                Check(path, channels, rate, what);
                return Finish(ReadAll(read, channels), channels, rate, path);
            }
        }
        catch (ConcordException) { throw; }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw ConcordException.InFile(path, $"corrupt or unsupported {what} file ({OneLine(ex)})");
        }
    }

    /// <summary>Rate, channels and length of an Ogg Vorbis file from its headers and last granule position.</summary>
    public static AudioInfo VorbisInfo(string path)
    {
        try
        {
            using var r = new NVorbis.VorbisReader(path);
            Check(path, r.Channels, r.SampleRate, "Ogg Vorbis");
            if (r.TotalSamples <= 0) throw ConcordException.InFile(path, "the audio stream contains no samples (empty or truncated)");
            return new AudioInfo(r.SampleRate, r.Channels, r.TotalSamples);
        }
        catch (ConcordException) { throw; }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw ConcordException.InFile(path, $"corrupt or unsupported Ogg Vorbis file ({OneLine(ex)})");
        }
    }

    /// <summary>
    /// Rate, channels and length of an MP3 file without decoding it: NLayer reads the length from the stream's Xing/Info
    /// tag when there is one (less the encoder delay and padding it records), else by walking the frame headers. This is
    /// the length its decoder delivers for an intact file (tested on CBR, VBR and untagged streams). A file cut short
    /// after its tag was written decodes to less; prepare reports the clips that fall past its end. Null when the headers
    /// give no length, or fail to parse: the caller decodes the file, which reports what is wrong with it.
    /// </summary>
    public static AudioInfo? Mp3Info(string path)
    {
        try
        {
            using var m = new NLayer.MpegFile(path);
            if (m.Channels <= 0 || m.SampleRate <= 0) return null;
            long frames = m.Length / ((long)m.Channels * sizeof(float));
            return frames > 0 ? new AudioInfo(m.SampleRate, m.Channels, frames) : null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException) { return null; }
    }

    private static void Check(string path, int channels, int rate, string what)
    {
        if (channels <= 0) throw ConcordException.InFile(path, $"{what} stream declares {channels} channels");
        if (rate <= 0) throw ConcordException.InFile(path, $"{what} stream declares an invalid sample rate ({rate} Hz)");
    }

    private static float[] ReadAll(Func<float[], int, int, int> read, int channels)
    {
        var buffer = new float[Math.Max(channels, 4096 / channels * channels)];
        var all = new List<float>(1 << 16);
        int n;
        while ((n = read(buffer, 0, buffer.Length)) > 0) all.AddRange(buffer.AsSpan(0, n));
        return [.. all];
    }

    private static AudioClip Finish(float[] interleaved, int channels, int rate, string path)
    {
        int frames = interleaved.Length / channels;
        if (frames == 0) throw ConcordException.InFile(path, "the audio stream contains no samples (empty or truncated)");
        var mono = new float[frames];
        for (int i = 0; i < frames; i++)
        {
            double s = 0;
            for (int c = 0; c < channels; c++) s += interleaved[i * channels + c];
            mono[i] = (float)(s / channels);
        }
        return new AudioClip(mono, rate, channels);
    }

    private static string OneLine(Exception ex)
    {
        string m = ex.Message;
        int i = m.IndexOfAny(['\r', '\n']);
        return (i < 0 ? m : m[..i]).TrimEnd('.');
    }
}
