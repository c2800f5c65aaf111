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
    public static AudioClip Load(string path, int? targetSampleRateHz = null) => LoadHashed(path, targetSampleRateHz, out _);

    /// <summary>As <see cref="Load(string, int?)"/>, also giving the SHA-256 (lower-case hex) of the bytes that were decoded,
    /// so a caller that keys its output on the input's content reads the file once, not once to hash and once to decode.</summary>
    /// <exception cref="ConcordException">As <see cref="Load(string, int?)"/>.</exception>
    internal static AudioClip LoadHashed(string path, int? targetSampleRateHz, out string sha256)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (targetSampleRateHz is <= 0) throw new ArgumentOutOfRangeException(nameof(targetSampleRateHz), "target sample rate must be > 0");
        var (bytes, length) = ReadAll(path);
        AudioClip clip;
        try
        {
            sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, length)));
            clip = Decode(bytes.AsSpan(0, length), bytes, path);
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(bytes); }
        clip = clip with { SourceSampleRateHz = clip.SampleRateHz };
        if (targetSampleRateHz is { } target && target != clip.SampleRateHz)
        {
            var resampled = new Resampler(clip.SampleRateHz, target).Process(clip.Samples);
            if (resampled.Length == 0) throw ConcordException.InFile(path, "too short to resample");
            clip = clip with { Samples = resampled, SampleRateHz = target };
        }
        return clip;
    }

    /// <summary>
    /// Sample rate, channels and length of <paramref name="path"/> without decoding the samples where the container allows:
    /// WAV reads only the header, Ogg Vorbis the stream's granule positions, MP3 its Xing/Info tag or its frame headers
    /// (decoded only when they give no length).
    /// Use <see cref="AudioInfo.SampleCountAt"/> for the length after resampling.
    /// </summary>
    /// <exception cref="ConcordException">As <see cref="Load"/>, for the problems visible without decoding.</exception>
    public static AudioInfo ReadInfo(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        const int headBytes = 1 << 16;
        long fileLength;
        byte[] head;
        int headLength;
        IO.FileKinds.RequireRegularInput(path);
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            fileLength = fs.Length;
            head = new byte[(int)Math.Min(headBytes, fileLength)];
            headLength = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw ReadError(path, ex); }
        if (fileLength == 0) throw ConcordException.InFile(path, "the audio file is empty (0 bytes)");
        if (Detect(head.AsSpan(0, headLength)) == AudioContainer.Wav
            && WavDecoder.ReadInfo(head.AsSpan(0, headLength), fileLength, path) is { } info) return info;
        if (Detect(head.AsSpan(0, headLength)) == AudioContainer.Ogg)
            return CompressedDecoder.VorbisInfo(path);
        if (Detect(head.AsSpan(0, headLength)) == AudioContainer.Mp3 && CompressedDecoder.Mp3Info(path) is { } mp3) return mp3;
        // A WAV whose data chunk starts beyond the first 64 KiB, an MP3 whose headers give no length, or a file that will
        // fail: decode it.
        var clip = Load(path);
        return new AudioInfo(clip.SampleRateHz, clip.SourceChannels, clip.Samples.Length);
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

    private static AudioClip Decode(ReadOnlySpan<byte> bytes, byte[] buffer, string path)
    {
        if (bytes.Length == 0) throw ConcordException.InFile(path, "the audio file is empty (0 bytes)");
        switch (Detect(bytes))
        {
            case AudioContainer.Wav:
                return WavDecoder.Decode(bytes, path);
            case AudioContainer.Ogg:
                return CompressedDecoder.DecodeVorbis(buffer, bytes.Length, path);
            case AudioContainer.Mp3:
                return CompressedDecoder.DecodeMp3(buffer, bytes.Length, path);
            case AudioContainer.BigEndianWav:
                throw ConcordException.InFile(path, "unsupported codec: big-endian RIFX WAV");
            case AudioContainer.Flac:
                throw ConcordException.InFile(path, "unsupported codec: FLAC (convert to WAV, Ogg Vorbis or MP3)");
            default:
                if (bytes.Length < 12 && bytes.StartsWith("RIFF"u8))
                    throw ConcordException.InFile(path, $"truncated WAV header ({bytes.Length} bytes)");
                throw ConcordException.InFile(path, "not a recognised audio file (expected WAV, Ogg Vorbis or MP3 content"
                    + $"; it starts with {Describe(bytes)})");
        }
    }

    /// <summary>The whole file in a pooled buffer (return it to <see cref="System.Buffers.ArrayPool{T}.Shared"/>), and its length.</summary>
    private static (byte[] Buffer, int Length) ReadAll(string path)
    {
        IO.FileKinds.RequireRegularInput(path);
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            long len = fs.Length;
            if (len > Array.MaxLength) throw ConcordException.InFile(path, $"file too large ({len} bytes)");
            var buf = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Max(1, len));
            int n = fs.ReadAtLeast(buf.AsSpan(0, (int)len), (int)len, throwOnEndOfStream: false);
            return (buf, n);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw ReadError(path, ex); }
    }

    private static ConcordException ReadError(string path, Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => ConcordException.InFile(path, "audio file not found"),
        UnauthorizedAccessException => ConcordException.InFile(path, "permission denied"),
        _ => ConcordException.InFile(path, $"could not read ({ex.Message.TrimEnd('.')})"),
    };

    private static string Describe(ReadOnlySpan<byte> b)
    {
        var head = b[..Math.Min(8, b.Length)];
        bool printable = true;
        foreach (byte x in head) printable &= x is >= 32 and < 127 or (byte)'\n' or (byte)'\r' or (byte)'\t';
        if (printable) return "text \"" + new string([.. head.ToArray().Select(x => x is >= 32 and < 127 ? (char)x : ' ')]) + "\"";
        return "bytes " + Convert.ToHexString(head);
    }
}
