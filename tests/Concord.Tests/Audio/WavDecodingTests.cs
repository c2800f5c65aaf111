using Concord.Audio;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Audio;

public sealed class WavDecodingTests
{
    private static AudioClip LoadBytes(TempDir dir, byte[] bytes, string name = "x.wav")
    {
        string p = dir.File(name);
        File.WriteAllBytes(p, bytes);
        return AudioFile.Load(p);
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm16, 1.0 / 32768)]
    [InlineData(WavSampleFormat.Pcm24, 1.0 / 8388608)]
    [InlineData(WavSampleFormat.Float32, 0.0)]
    public void WriterRoundTripsThroughTheReader(WavSampleFormat format, double quantum)
    {
        using var dir = new TempDir();
        var x = new float[1000];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(0.9 * Math.Sin(i * 0.05) + (i % 7) * 1e-6);
        string p = dir.File("rt.wav");
        WavWriter.Write(p, x, 12345, format);
        var clip = AudioFile.Load(p);
        Assert.Equal(12345, clip.SampleRateHz);
        Assert.Equal(1, clip.SourceChannels);
        NumAssert.AllClose(x, clip.Samples, 0, quantum / 2 + 1e-12, "samples");
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp-*"));
    }

    [Fact]
    public void Pcm16ExactValuesAndClipping()
    {
        using var dir = new TempDir();
        string p = dir.File("c.wav");
        WavWriter.Write(p, [0f, 0.5f, -1f, 1.5f, -1.5f, 1f / 32768], 8000);
        Assert.Equal(new[] { 0f, 0.5f, -1f, 32767f / 32768, -1f, 1f / 32768 }, AudioFile.Load(p).Samples);
    }

    [Fact]
    public void EightBitIsUnsignedAroundMidScale()
    {
        using var dir = new TempDir();
        var clip = LoadBytes(dir, WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 1, 8000, 8)), ("data", WavBytes.IntData(8, 128, 255, 0, 192))));
        Assert.Equal(new[] { 0f, 127f / 128, -1f, 0.5f }, clip.Samples);
    }

    [Fact]
    public void ThirtyTwoBitIntegerScalesBy2To31()
    {
        using var dir = new TempDir();
        var clip = LoadBytes(dir, WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 1, 8000, 32)), ("data", WavBytes.IntData(32, int.MinValue, 1 << 30, 0))));
        Assert.Equal(new[] { -1f, 0.5f, 0f }, clip.Samples);
    }

    [Fact]
    public void TwentyFourBitSignExtends()
    {
        using var dir = new TempDir();
        var clip = LoadBytes(dir, WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 1, 8000, 24)), ("data", WavBytes.IntData(24, 0x800000, 0x400000, 0xFFFFFF))));
        Assert.Equal(new[] { -1f, 0.5f, -1f / 8388608 }, clip.Samples);
    }

    [Fact]
    public void Float64IsReadAsFloat32()
    {
        using var dir = new TempDir();
        var clip = LoadBytes(dir, WavBytes.Riff(("fmt ", WavBytes.Fmt(3, 1, 8000, 64)), ("data", WavBytes.DoubleData(0.1, -0.25))));
        Assert.Equal(new[] { 0.1f, -0.25f }, clip.Samples);
    }

    [Fact]
    public void ExtensiblePcmAndFloatAreDecoded()
    {
        using var dir = new TempDir();
        var pcm = LoadBytes(dir, WavBytes.Riff(("fmt ", WavBytes.Fmt(0xFFFE, 1, 16000, 16, WavBytes.SubtypePcm)), ("data", WavBytes.IntData(16, 16384, -32768))), "e1.wav");
        Assert.Equal(new[] { 0.5f, -1f }, pcm.Samples);
        var flt = LoadBytes(dir, WavBytes.Riff(("fmt ", WavBytes.Fmt(0xFFFE, 2, 16000, 32, WavBytes.SubtypeFloat)), ("data", WavBytes.FloatData(0.5f, 0.25f, -1f, 1f))), "e2.wav");
        Assert.Equal(2, flt.SourceChannels);
        Assert.Equal(new[] { 0.375f, 0f }, flt.Samples);
    }

    [Fact]
    public void ChannelsAreAveragedToMono()
    {
        using var dir = new TempDir();
        // 3 channels, 16-bit: frame 0 = (16384, 0, -16384) → 0; frame 1 = (32767, 32767, -32768)
        var clip = LoadBytes(dir, WavBytes.Riff(("fmt ", WavBytes.Fmt(1, 3, 44100, 16)), ("data", WavBytes.IntData(16, 16384, 0, -16384, 32767, 32767, -32768))));
        Assert.Equal(3, clip.SourceChannels);
        Assert.Equal(2, clip.Samples.Length);
        Assert.Equal(0f, clip.Samples[0]);
        Assert.Equal((float)((32767.0 + 32767.0 - 32768.0) / 32768.0 / 3.0), clip.Samples[1]);
    }

    [Fact]
    public void UnknownChunksAndOddPaddingAreSkipped()
    {
        using var dir = new TempDir();
        var clip = LoadBytes(dir, WavBytes.Riff(("LIST", new byte[7]), ("fmt ", WavBytes.Fmt(1, 1, 8000, 16)), ("fact", new byte[4]), ("data", WavBytes.IntData(16, 8192))));
        Assert.Equal(new[] { 0.25f }, clip.Samples);
    }

    [Fact]
    public void ContainerIsDetectedFromContentNotExtension()
    {
        using var dir = new TempDir();
        var clip = LoadBytes(dir, WavWriter.Encode([0.5f, -0.5f], 8000), "actually-wav.mp3");
        Assert.Equal(new[] { 0.5f, -0.5f }, clip.Samples);
    }

    [Fact]
    public void LoadWithTargetRateResamples()
    {
        using var dir = new TempDir();
        var x = new float[44100];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / 44100.0));
        string p = dir.File("44k.wav");
        WavWriter.Write(p, x, 44100, WavSampleFormat.Float32);
        var clip = AudioFile.Load(p, 22050);
        Assert.Equal(22050, clip.SampleRateHz);
        Assert.Equal(22050, clip.Samples.Length);
        // interior samples follow the analytic sine at the new rate
        for (int n = 2000; n < 20000; n += 97)
            Assert.InRange(clip.Samples[n] - 0.5 * Math.Sin(2 * Math.PI * 1000 * n / 22050.0), -1e-4, 1e-4);
    }

    [Fact]
    public void FixtureNoteIsSixteenKilohertzFourSeconds()
    {
        string? fixture = TestPaths.NSynthFixture();
        if (fixture is null) return;
        var clip = AudioFile.Load(Path.Combine(fixture, "audio", "brass_acoustic_000-028-025.wav"));
        Assert.Equal(16000, clip.SampleRateHz);
        Assert.Equal(64000, clip.Samples.Length);
        Assert.All(clip.Samples, s => Assert.InRange(s, -1f, 1f));
        Assert.Contains(clip.Samples, s => s != 0);
    }
}
