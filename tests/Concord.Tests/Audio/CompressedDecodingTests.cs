using Concord.Audio;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Audio;

public sealed class CompressedDecodingTests
{
    [Fact]
    public void OggVorbisDecodesToTheMonoAverage()
    {
        // Reference/audio/sine440_stereo_22050.ogg: 0.5 s of 440 Hz, left amplitude 0.5, right 0.25 (make_mel.py, sox vorbis).
        var clip = AudioFile.Load(TestPaths.Reference("audio", "sine440_stereo_22050.ogg"));
        Assert.Equal(22050, clip.SampleRateHz);
        Assert.Equal(2, clip.SourceChannels);
        Assert.Equal(11025, clip.Samples.Length);
        // Least-squares fit of a·sin + b·cos at 440 Hz over the interior: amplitude ≈ (0.5 + 0.25)/2 and phase ≈ 0.
        double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0, res = 0;
        for (int n = 1000; n < 10000; n++)
        {
            double w = 2 * Math.PI * 440 * n / 22050.0, s = Math.Sin(w), c = Math.Cos(w), y = clip.Samples[n];
            ss += s * s; sc += s * c; cc += c * c; ys += y * s; yc += y * c;
        }
        double det = ss * cc - sc * sc, a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
        for (int n = 1000; n < 10000; n++)
        {
            double w = 2 * Math.PI * 440 * n / 22050.0;
            res = Math.Max(res, Math.Abs(clip.Samples[n] - a * Math.Sin(w) - b * Math.Cos(w)));
        }
        Assert.InRange(Math.Sqrt(a * a + b * b), 0.375 * 0.98, 0.375 * 1.02);
        Assert.InRange(Math.Abs(b), 0, 0.01);
        Assert.InRange(res, 0, 0.01);
    }

    [Fact]
    public void Mp3FramesAreDecodedWithRateAndChannels()
    {
        // Ten MPEG-1 Layer III frames, 44.1 kHz, 128 kbit/s, stereo, with all-zero side information: valid digital silence.
        const int frameBytes = 144 * 128000 / 44100;
        var bytes = new byte[10 * frameBytes];
        for (int f = 0; f < 10; f++)
        {
            bytes[f * frameBytes] = 0xFF; bytes[f * frameBytes + 1] = 0xFB; bytes[f * frameBytes + 2] = 0x90; bytes[f * frameBytes + 3] = 0x00;
        }
        using var dir = new TempDir();
        string p = dir.File("silence.mp3");
        File.WriteAllBytes(p, bytes);
        var clip = AudioFile.Load(p);
        Assert.Equal(44100, clip.SampleRateHz);
        Assert.Equal(2, clip.SourceChannels);
        Assert.InRange(clip.Samples.Length, 9 * 1152, 10 * 1152);
        Assert.All(clip.Samples, s => Assert.Equal(0f, s));
    }
}
