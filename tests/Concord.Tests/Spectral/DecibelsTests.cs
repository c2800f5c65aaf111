using Concord.Spectral;

namespace Concord.Tests.Spectral;

public sealed class DecibelsTests
{
    [Fact]
    public void RefIsTheMaximumAndTopDbFloorsTheRest()
    {
        double[] p = [1.0, 0.1, 1e-3, 1e-9, 0];
        var db = new float[5];
        Decibels.PowerToDb(p, db);
        // librosa.power_to_db(p, ref=np.max) = [0, -10, -30, -80 (floored from -90), -80]
        Assert.Equal(new float[] { 0, -10, -30, -80, -80 }, db);
    }

    [Fact]
    public void WithoutTopDbAminClampsZeros()
    {
        double[] p = [4.0, 0];
        var db = new double[2];
        Decibels.PowerToDb(p, db, refPower: 1.0, topDb: null);
        Assert.Equal(10 * Math.Log10(4), db[0], 12);
        Assert.Equal(-100, db[1], 12);
    }

    [Fact]
    public void SilentClipIsZeroDecibelsEverywhere()
    {
        // power and ref both clamp to amin → 10·log10(amin) − 10·log10(amin) = 0, as librosa gives.
        var mel = new MelSpectrogram(new MelSpectrogramOptions() with { PadMode = PadMode.Reflect }, 16000);
        var db = mel.ComputeDecibels(new float[64000]);
        Assert.Equal((128, 128), (db.Bins, db.Frames));
        Assert.All(db.Values, v => Assert.Equal(0f, v));
        Assert.All(Decibels.PowerToDb(mel.ComputePower(new float[64000])).Values, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void SilentClipMatchesTheReference()
    {
        var c = MelCase.Get("silence_16000_reflect");
        var expected = c.Expected();
        Assert.All(expected.Data, v => Assert.Equal(0f, v));   // the reference itself: librosa's formula gives 0 dB
        Assert.Equal(expected.Data, new MelSpectrogram(c.Options, c.SampleRate).ComputeDecibels(c.LoadInput()!).Values);
    }

    [Fact]
    public void TinyButNonZeroClipStaysFinite()
    {
        var x = new float[16000];
        x[8000] = 1e-30f;
        var db = new MelSpectrogram(new MelSpectrogramOptions(), 16000).ComputeDecibels(x);
        Assert.All(db.Values, v => Assert.True(float.IsFinite(v)));
    }
}
