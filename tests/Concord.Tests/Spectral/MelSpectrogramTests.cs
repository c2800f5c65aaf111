using Concord.Spectral;

namespace Concord.Tests.Spectral;

public sealed class MelSpectrogramTests
{
    private static float[] Noise(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() - 0.5);
        return x;
    }

    [Theory]
    [InlineData(16000, 64000, 128)]
    [InlineData(22050, 88200, 176)]
    public void PaperShapes(int sr, int len, int frames)
    {
        var db = new MelSpectrogram(new MelSpectrogramOptions(), sr).ComputeDecibels(Noise(len, 1));
        Assert.Equal((128, frames), (db.Bins, db.Frames));
        Assert.Equal(0f, db.Values.Max());
        Assert.True(db.Values.Min() >= -80f);
    }

    [Fact]
    public void BatchEqualsOneByOneAndKeepsOrder()
    {
        var mel = new MelSpectrogram(new MelSpectrogramOptions() with { PadMode = PadMode.Reflect }, 16000);
        var clips = Enumerable.Range(0, 9).Select(i => Noise(16000 + 1000 * i, i)).ToArray();
        var batch = mel.ComputeDecibelsBatch(clips, maxDegreeOfParallelism: 2);
        for (int i = 0; i < clips.Length; i++) Assert.Equal(mel.ComputeDecibels(clips[i]).Values, batch[i].Values);
        var analyses = mel.AnalyzeBatch(clips, c => c);
        for (int i = 0; i < clips.Length; i++) Assert.Equal(batch[i].Values, analyses[i].MelDecibels.Values);
        var power = mel.ComputePowerBatch(clips, c => c);
        Assert.Equal(mel.ComputePower(clips[4]).Values, power[4].Values);
    }

    [Fact]
    public void BatchSurfacesALoaderErrorUnwrapped()
    {
        var mel = new MelSpectrogram(new MelSpectrogramOptions(), 16000);
        var ex = Assert.Throws<ConcordException>(() => mel.ComputeDecibelsBatch(new[] { "ok", "bad.wav" },
            p => p == "ok" ? new float[16000] : throw ConcordException.InFile(p, "corrupt")));
        Assert.Contains("bad.wav", ex.Message);
    }

    [Fact]
    public void InvalidOptionsAreReportedTogether()
    {
        var opts = new MelSpectrogramOptions() with { HopLength = 0, MelBandCount = -1, FMaxHz = 9000 };
        var errors = opts.Validate(16000).ToList();
        Assert.Contains(errors, e => e.Contains("HopLength"));
        Assert.Contains(errors, e => e.Contains("MelBandCount"));
        Assert.Contains(errors, e => e.Contains("Nyquist"));
        Assert.Throws<ConcordException>(() => new MelSpectrogram(opts, 16000));
        Assert.Empty(new MelSpectrogramOptions().Validate(16000));
    }

    [Fact]
    public void NonFiniteSamplesAreRejected()
    {
        var x = new float[4000];
        x[123] = float.PositiveInfinity;
        var ex = Assert.Throws<ArgumentException>(() => new MelSpectrogram(new MelSpectrogramOptions(), 16000).ComputeDecibels(x));
        Assert.Contains("sample 123", ex.Message);
    }

    [Fact]
    public void NullFMaxMeansNyquist()
    {
        var a = new MelSpectrogram(new MelSpectrogramOptions() with { FMaxHz = null }, 16000).FilterBank.ToDense();
        var b = MelFilterBank.CreateDense(16000, 2048, 128, 0, 8000);
        Assert.Equal(b, a);
    }
}
