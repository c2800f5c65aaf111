using System.Text.Json;
using Concord.IO;
using Concord.Spectral;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Spectral;

public sealed class MelFilterBankTests
{
    public static TheoryData<string> Banks()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Reference("audio", "mel_cases.json")));
        return [.. doc.RootElement.GetProperty("filter_banks").EnumerateArray().Select(b => b.GetProperty("name").GetString()!)];
    }

    [Theory]
    [MemberData(nameof(Banks))]
    public void MatchesTorchaudioMelscaleFbanks(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Reference("audio", "mel_cases.json")));
        var b = doc.RootElement.GetProperty("filter_banks").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        int sr = b.GetProperty("sample_rate").GetInt32(), nFft = b.GetProperty("n_fft").GetInt32(), mels = b.GetProperty("n_mels").GetInt32();
        var scale = b.GetProperty("scale").GetString() == "htk" ? MelScale.Htk : MelScale.Slaney;
        var norm = b.GetProperty("norm").GetString() == "slaney" ? MelNorm.Slaney : MelNorm.None;
        var expected = Npy.Read<double>(TestPaths.Reference("audio", b.GetProperty("output").GetString()!));
        var dense = MelFilterBank.CreateDense(sr, nFft, mels, b.GetProperty("fmin").GetDouble(), b.GetProperty("fmax").GetDouble(), scale, norm);
        Assert.Equal(expected.Shape, new long[] { mels, nFft / 2 + 1 });
        // Both float64; the only differences are rounding in the mel conversions.
        NumAssert.AllClose(expected.Data, dense, 1e-9, 1e-12, name);
        // The sparse form is exactly the dense one.
        var sparse = MelFilterBank.Create(sr, nFft, mels, b.GetProperty("fmin").GetDouble(), b.GetProperty("fmax").GetDouble(), scale, norm);
        Assert.Equal(dense, sparse.ToDense());
    }

    [Fact]
    public void MelScaleKnownValues()
    {
        // librosa.hz_to_mel: Slaney is 3f/200 below 1 kHz and 15 at 1 kHz; HTK 1000 Hz ≈ 1000 mel.
        Assert.Equal(0.9, MelFilterBank.HzToMel(60, MelScale.Slaney), 12);
        Assert.Equal(15.0, MelFilterBank.HzToMel(1000, MelScale.Slaney), 12);
        Assert.Equal(15.0 + 27.0, MelFilterBank.HzToMel(6400, MelScale.Slaney), 10);   // one log step of 6.4× spans 27 mels
        Assert.Equal(2595 * Math.Log10(1 + 1000 / 700.0), MelFilterBank.HzToMel(1000, MelScale.Htk), 12);
        foreach (var scale in new[] { MelScale.Slaney, MelScale.Htk })
            foreach (double f in new[] { 0.0, 123.4, 999.9, 1000.0, 4321.0, 11025.0 })
                Assert.Equal(f, MelFilterBank.MelToHz(MelFilterBank.HzToMel(f, scale), scale), 8);
    }

    [Fact]
    public void EachFilterPeaksWithinOneBinOfItsCentre()
    {
        const int sr = 16000, nFft = 2048, mels = 128;
        var w = MelFilterBank.CreateDense(sr, nFft, mels, 0, 8000, MelScale.Slaney, MelNorm.None);
        var centres = MelFilterBank.MelFrequencies(mels + 2, 0, 8000, MelScale.Slaney);
        int bins = nFft / 2 + 1;
        double binHz = (double)sr / nFft;
        for (int i = 0; i < mels; i++)
        {
            int peak = 0;
            for (int k = 1; k < bins; k++) if (w[i * bins + k] > w[i * bins + peak]) peak = k;
            Assert.InRange(Math.Abs(peak * binHz - centres[i + 1]), 0, binHz);
            Assert.All(w.AsSpan(i * bins, bins).ToArray(), v => Assert.InRange(v, 0.0, 1.0));
        }
    }

    [Fact]
    public void SlaneyNormScalesEachTriangleByTwoOverItsWidth()
    {
        var plain = MelFilterBank.CreateDense(22050, 1024, 20, 0, null, MelScale.Htk, MelNorm.None);
        var norm = MelFilterBank.CreateDense(22050, 1024, 20, 0, null, MelScale.Htk, MelNorm.Slaney);
        var edges = MelFilterBank.MelFrequencies(22, 0, 11025, MelScale.Htk);
        for (int i = 0; i < 20; i++)
            for (int k = 0; k < 513; k++)
                Assert.Equal(plain[i * 513 + k] * 2 / (edges[i + 2] - edges[i]), norm[i * 513 + k], 15);
    }

    [Fact]
    public void SparseApplyEqualsDenseProduct()
    {
        var sparse = MelFilterBank.Create(16000, 512, 40, 0, 8000);
        var dense = sparse.ToDense();
        var x = new double[257];
        var rng = new Random(7);
        for (int k = 0; k < x.Length; k++) x[k] = rng.NextDouble();
        var y = new double[40];
        sparse.Apply(x, y);
        for (int b = 0; b < 40; b++)
        {
            double s = 0;
            for (int k = 0; k < 257; k++) s += dense[b * 257 + k] * x[k];
            Assert.Equal(s, y[b], 12);
        }
        Assert.True(sparse.NonZeroCount < dense.Length / 10);
    }
}
