namespace Concord.Audio;

/// <summary>Ogg Vorbis (NVorbis) and MP3 (NLayer) decoding to mono float32; decoder failures become one-line <see cref="ConcordException"/>s.</summary>
internal static class CompressedDecoder
{
    public static AudioClip DecodeVorbis(byte[] bytes, string path) => Decode(bytes, path, "Ogg Vorbis", s =>
    {
        var r = new NVorbis.VorbisReader(s, closeOnDispose: true);
        return (r, r.Channels, r.SampleRate, (buf, off, n) => r.ReadSamples(buf, off, n));
    });

    public static AudioClip DecodeMp3(byte[] bytes, string path) => Decode(bytes, path, "MP3", s =>
    {
        var m = new NLayer.MpegFile(s);
        return (m, m.Channels, m.SampleRate, (buf, off, n) => m.ReadSamples(buf, off, n));
    });

    private static AudioClip Decode(byte[] bytes, string path, string what,
        Func<Stream, (IDisposable Owner, int Channels, int Rate, Func<float[], int, int, int> Read)> open)
    {
        try
        {
            var (owner, channels, rate, read) = open(new MemoryStream(bytes, writable: false));
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
