using Concord.Audio;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Audio;

/// <summary>Each bad audio input gives a one-line <see cref="ConcordException"/> naming the file and the problem.</summary>
public sealed class AudioBadInputTests
{
    private static ConcordException Fails(byte[] bytes, string name = "bad.wav")
    {
        using var dir = new TempDir();
        string p = dir.File(name);
        File.WriteAllBytes(p, bytes);
        var ex = Assert.Throws<ConcordException>(() => AudioFile.Load(p));
        Assert.Contains(p, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }

    private static byte[] Good16() => WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 1, 8000, 16)), ("data", WavBytes.IntData(16, 1, 2, 3, 4, 5, 6, 7, 8)));

    [Fact]
    public void EmptyFile() => Assert.Contains("empty", Fails([]).Message);

    [Fact]
    public void TruncatedDataChunk()
    {
        var good = Good16();
        Assert.Contains("truncated", Fails(good[..(good.Length - 5)]).Message);
    }

    [Fact]
    public void TruncatedHeader() => Assert.Contains("truncated", Fails(Good16()[..30]).Message);

    [Fact]
    public void RiffPrefixOnly() => Assert.Contains("truncated", Fails("RIFF\x10\0"u8.ToArray()).Message);

    [Fact]
    public void CorruptFormTypeIsNotWave()
    {
        var b = Good16();
        "AVI "u8.CopyTo(b.AsSpan(8));
        Assert.Contains("not a WAVE", Fails(b).Message);
    }

    [Fact]
    public void HeaderWithoutSamplesIsEmpty() =>
        Assert.Contains("no audio samples", Fails(WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 1, 8000, 16)), ("data", []))).Message);

    [Fact]
    public void MissingDataChunk() =>
        Assert.Contains("no 'data' chunk", Fails(WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 1, 8000, 16)))).Message);

    [Fact]
    public void DataBeforeFmt() =>
        Assert.Contains("before the 'fmt ' chunk", Fails(WavBytes.Riff(("data", new byte[8]), ("fmt ", WavBytes.Fmt(1, 1, 8000, 16)))).Message);

    [Fact]
    public void ZeroChannels() =>
        Assert.Contains("0 channels", Fails(WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 0, 8000, 16)), ("data", new byte[8]))).Message);

    [Fact]
    public void ZeroSampleRate() =>
        Assert.Contains("sample rate", Fails(WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 1, 0, 16)), ("data", new byte[8]))).Message);

    [Fact]
    public void TextFileNamedWav()
    {
        var ex = Fails("path,composer\nfoo.wav,Bach\n"u8.ToArray(), "notes.wav");
        Assert.Contains("not a recognised audio file", ex.Message);
    }

    [Fact]
    public void AdpcmIsAnUnsupportedCodecNamedInTheMessage()
    {
        var ex = Fails(WavBytes.Riff(("fmt ", WavBytes.Fmt(2, 1, 8000, 4)), ("data", new byte[64])));
        Assert.Contains("unsupported codec", ex.Message);
        Assert.Contains("ADPCM", ex.Message);
    }

    [Fact]
    public void MuLawIsAnUnsupportedCodec() =>
        Assert.Contains("µ-law", Fails(WavBytes.Riff(("fmt ", WavBytes.Fmt(7, 1, 8000, 8)), ("data", new byte[64]))).Message);

    [Fact]
    public void UnsupportedBitDepth() =>
        Assert.Contains("12-bit PCM", Fails(WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 1, 8000, 12)), ("data", new byte[64]))).Message);

    [Fact]
    public void ExtensibleWithUnknownSubformat() =>
        Assert.Contains("sub-format", Fails(
            WavBytes.Riff(("fmt ", WavBytes.Fmt(0xFFFE, 1, 8000, 16, new Guid("00000002-0000-0010-8000-00aa00389b71"))), ("data", new byte[64]))).Message);

    [Fact]
    public void FlacIsAnUnsupportedCodec() => Assert.Contains("FLAC", Fails("fLaC\0\0\0\x22 and more"u8.ToArray(), "x.flac").Message);

    [Fact]
    public void CorruptOggStream()
    {
        var b = new byte[200];
        "OggS"u8.CopyTo(b);
        new Random(3).NextBytes(b.AsSpan(4));
        Assert.Contains("Ogg", Fails(b, "bad.ogg").Message);
    }

    [Fact]
    public void TruncatedOggStream()
    {
        var ogg = File.ReadAllBytes(TestPaths.Reference("audio", "sine440_stereo_22050.ogg"));
        Fails(ogg[..60], "cut.ogg");
    }

    [Fact]
    public void CorruptMp3Stream()
    {
        var b = new byte[300];
        "ID3"u8.CopyTo(b);
        new Random(5).NextBytes(b.AsSpan(10));
        Assert.Contains("MP3", Fails(b, "bad.mp3").Message);
    }

    [Fact]
    public void NonFiniteFloatSamples() =>
        Assert.Contains("finite", Fails(WavBytes.Riff(("fmt ", WavBytes.Fmt(3, 1, 8000, 32)), ("data", WavBytes.FloatData(0.1f, float.NaN, 0.2f)))).Message);

    [Fact]
    public void MissingFile()
    {
        using var dir = new TempDir();
        string p = dir.File("absent.wav");
        var ex = Assert.Throws<ConcordException>(() => AudioFile.Load(p));
        Assert.Contains(p, ex.Message);
        Assert.Contains("not found", ex.Message);
    }
}
