using Concord.Audio;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Audio;

public sealed class AudioInfoTests
{
    [Fact]
    public void WavInfoComesFromTheHeaderAndMatchesDecoding()
    {
        using var dir = new TempDir();
        string p = dir.File("s.wav");
        File.WriteAllBytes(p, WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 2, 44100, 16)), ("data", new byte[4 * 1001])));
        var info = AudioFile.ReadInfo(p);
        Assert.Equal(new AudioInfo(44100, 2, 1001), info);
        Assert.Equal(AudioFile.Load(p).Samples.Length, info.SampleCount);
        Assert.Equal(AudioFile.Load(p, 16000).Samples.Length, info.SampleCountAt(16000));
        Assert.Equal(AudioFile.Load(p, 22050).Samples.Length, info.SampleCountAt(22050));
    }

    [Fact]
    public void DataChunkBeyondTheFirstBlockIsStillFound()
    {
        using var dir = new TempDir();
        string p = dir.File("big-list.wav");
        File.WriteAllBytes(p, WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 1, 8000, 16)), ("LIST", new byte[100_001]), ("data", new byte[2 * 77])));
        Assert.Equal(new AudioInfo(8000, 1, 77), AudioFile.ReadInfo(p));
    }

    [Fact]
    public void OggInfoComesFromTheStream()
    {
        var info = AudioFile.ReadInfo(TestPaths.Reference("audio", "sine440_stereo_22050.ogg"));
        Assert.Equal(new AudioInfo(22050, 2, 11025), info);
    }

    [Theory]
    [InlineData("sine_mono_22050_cbr.mp3", 22050, 1)]       // CBR with a LAME Info tag
    [InlineData("sine_stereo_48000_vbr.mp3", 48000, 2)]     // VBR with a Xing tag
    [InlineData("sine_stereo_44100_notag.mp3", 44100, 2)]   // no tag: the frame headers are walked
    public void Mp3InfoComesFromTheHeaders_AndEqualsTheDecodedLength(string name, int rate, int channels)
    {
        // tests/reference/make_mp3.py (LAME 3.100): 2 s of tones.
        string p = TestPaths.Reference("audio", name);
        var fromHeaders = Concord.Audio.CompressedDecoder.Mp3Info(p);
        Assert.NotNull(fromHeaders);                      // ReadInfo does not fall back to decoding these
        var decoded = AudioFile.Load(p);
        Assert.Equal(new AudioInfo(decoded.SourceSampleRateHz, decoded.SourceChannels, decoded.Samples.Length), fromHeaders);
        Assert.Equal(fromHeaders, AudioFile.ReadInfo(p));
        Assert.Equal((rate, channels), (fromHeaders!.SampleRateHz, fromHeaders.Channels));
        Assert.InRange(decoded.Samples.Length, 2 * rate, 2 * rate + 2 * 1152);   // untagged: encoder delay and padding included
    }

    [Fact]
    public void TruncatedWavIsReportedWithoutDecoding()
    {
        using var dir = new TempDir();
        string p = dir.File("cut.wav");
        var good = WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 1, 8000, 16)), ("data", new byte[200]));
        File.WriteAllBytes(p, good[..100]);
        var ex = Assert.Throws<ConcordException>(() => AudioFile.ReadInfo(p));
        Assert.Contains(p, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void EmptyAndMissingFilesAreReported()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("e.wav"), []);
        Assert.Contains("empty", Assert.Throws<ConcordException>(() => AudioFile.ReadInfo(dir.File("e.wav"))).Message);
        Assert.Contains("not found", Assert.Throws<ConcordException>(() => AudioFile.ReadInfo(dir.File("none.wav"))).Message);
    }

    [Fact]
    public void ResampledLengthIsCeilOfScaledLength()
    {
        Assert.Equal(88200, Resampler.OutputLength(176400, 44100, 22050));
        Assert.Equal(6, Resampler.OutputLength(16, 44100, 16000));   // ⌈16·160/441⌉ = ⌈5.8⌉
        Assert.Equal(0, Resampler.OutputLength(0, 48000, 16000));
    }
}
