namespace Concord.Audio;

/// <summary>
/// Loads audio files as mono float32, like <c>librosa.load(path, sr=target, mono=True)</c>.
/// The container is detected from the file's first bytes, not its extension:
/// <c>RIFF…WAVE</c> → WAV (PCM 8/16/24/32-bit, float 32/64, WAVE_FORMAT_EXTENSIBLE);
/// <c>OggS</c> → Ogg Vorbis (NVorbis); <c>ID3</c> or an MPEG frame sync → MP3 (NLayer).
/// Channels are averaged to mono; with a target rate the signal is resampled by <see cref="Resampler"/>.
/// </summary>
public static class AudioFile
{
    /// <summary>Decodes <paramref name="path"/> to mono, resampled to <paramref name="targetSampleRateHz"/> when given and different.</summary>
    /// <exception cref="ConcordException">The file is missing, empty, truncated, corrupt, not audio, or uses an unsupported codec.
    /// The one-line message names the file and the problem.</exception>
    public static AudioClip Load(string path, int? targetSampleRateHz = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (targetSampleRateHz is <= 0) throw new ArgumentOutOfRangeException(nameof(targetSampleRateHz), "target sample rate must be > 0");
        byte[] bytes = ReadAll(path);
        var clip = Decode(bytes, path);
        if (targetSampleRateHz is { } target && target != clip.SampleRateHz)
        {
            var resampled = new Resampler(clip.SampleRateHz, target).Process(clip.Samples);
            if (resampled.Length == 0) throw ConcordException.InFile(path, "too short to resample");
            clip = clip with { Samples = resampled, SampleRateHz = target };
        }
        return clip;
    }

    /// <summary>The container detected from the first bytes of <paramref name="header"/>.</summary>
    internal static AudioContainer Detect(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 12 && header[..4].SequenceEqual("RIFF"u8)) return AudioContainer.Wav;
        if (header.Length >= 4 && header[..4].SequenceEqual("RIFX"u8)) return AudioContainer.BigEndianWav;
        if (header.Length >= 4 && header[..4].SequenceEqual("OggS"u8)) return AudioContainer.Ogg;
        if (header.Length >= 4 && header[..4].SequenceEqual("fLaC"u8)) return AudioContainer.Flac;
        if (header.Length >= 3 && header[..3].SequenceEqual("ID3"u8)) return AudioContainer.Mp3;
        // MPEG audio frame sync: 11 set bits, layer != 0, bitrate index != 15, sample-rate index != 3.
        if (header.Length >= 4 && header[0] == 0xFF && (header[1] & 0xE0) == 0xE0 && (header[1] & 0x06) != 0
            && (header[2] & 0xF0) != 0xF0 && (header[2] & 0x0C) != 0x0C) return AudioContainer.Mp3;
        return AudioContainer.Unknown;
    }

    private static AudioClip Decode(byte[] bytes, string path)
    {
        if (bytes.Length == 0) throw ConcordException.InFile(path, "the audio file is empty (0 bytes)");
        switch (Detect(bytes))
        {
            case AudioContainer.Wav:
                return WavDecoder.Decode(bytes, path);
            case AudioContainer.Ogg:
                return CompressedDecoder.DecodeVorbis(bytes, path);
            case AudioContainer.Mp3:
                return CompressedDecoder.DecodeMp3(bytes, path);
            case AudioContainer.BigEndianWav:
                throw ConcordException.InFile(path, "unsupported codec: big-endian RIFX WAV");
            case AudioContainer.Flac:
                throw ConcordException.InFile(path, "unsupported codec: FLAC (convert to WAV, Ogg Vorbis or MP3)");
            default:
                if (bytes.Length < 12 && bytes.AsSpan().StartsWith("RIFF"u8))
                    throw ConcordException.InFile(path, $"truncated WAV header ({bytes.Length} bytes)");
                throw ConcordException.InFile(path, "not a recognised audio file (expected WAV, Ogg Vorbis or MP3 content"
                    + $"; it starts with {Describe(bytes)})");
        }
    }

    private static byte[] ReadAll(string path)
    {
        try { return File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw ConcordException.InFile(path, "audio file not found"); }
        catch (DirectoryNotFoundException) { throw ConcordException.InFile(path, "audio file not found"); }
        catch (UnauthorizedAccessException) { throw ConcordException.InFile(path, "permission denied"); }
        catch (IOException ex) { throw ConcordException.InFile(path, $"could not read ({ex.Message.TrimEnd('.')})"); }
    }

    private static string Describe(ReadOnlySpan<byte> b)
    {
        var head = b[..Math.Min(8, b.Length)];
        bool printable = true;
        foreach (byte x in head) printable &= x is >= 32 and < 127 or (byte)'\n' or (byte)'\r' or (byte)'\t';
        if (printable) return "text \"" + new string([.. head.ToArray().Select(x => x is >= 32 and < 127 ? (char)x : ' ')]) + "\"";
        return "bytes " + Convert.ToHexString(head);
    }
}
