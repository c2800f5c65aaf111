using Concord.Features;
using Concord.IO;
using Concord.Spectral;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Features;

/// <summary>librosa's spectral features and RMS against the numpy re-implementation in tests/reference/make_features.py.</summary>
public sealed class SpectralFeatureParityTests
{
    private const double SpectralRtol = 1e-4; // issue 3: spectral features within 1e-4 relative

    [Theory]
    [InlineData("reflect", 16000)]
    [InlineData("reflect", 22050)]
    [InlineData("constant", 16000)]
    [InlineData("constant", 22050)]
    public void SpectralFeatures_OnCommittedStft_MatchLibrosaFormulas(string pad, int sr)
    {
        var byPad = FeatureReference.Manifest.GetProperty("short").GetProperty("byPad").GetProperty(pad);
        var arr = Npy.Read<float>(FeatureReference.File(byPad.GetProperty("stftPower").GetString()!));
        var power = new Spectrogram((int)arr.Shape[0], (int)arr.Shape[1], arr.Data);
        var exp = byPad.GetProperty("features").GetProperty(sr.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var actual = SpectralFeatures.Compute(power, sr, new FeatureOptions());
        double[] E(string n) => exp.GetProperty(n).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        // silent frames give exact zeros in both; relative tolerance with a tiny absolute floor for them
        NumAssert.AllClose(E("spectral_centroid"), actual.Centroid, SpectralRtol, 1e-9, "centroid");
        NumAssert.AllClose(E("spectral_bandwidth"), actual.Bandwidth, SpectralRtol, 1e-9, "bandwidth");
        NumAssert.AllClose(E("spectral_flatness"), actual.Flatness, SpectralRtol, 0, "flatness");
        NumAssert.AllClose(E("spectral_rolloff"), actual.Rolloff, SpectralRtol, 0, "rolloff");
        Assert.Contains(actual.Flatness, v => v == 1.0 || Math.Abs(v - 1.0) < 1e-6); // the silent tail
    }

    [Theory]
    [InlineData("reflect")]
    [InlineData("constant")]
    public void Rms_ShortClip_MatchesLibrosa(string pad)
    {
        var y = Npy.Read<float>(FeatureReference.File("short.audio.npy")).Data;
        var exp = FeatureReference.Manifest.GetProperty("short").GetProperty("byPad").GetProperty(pad)
            .GetProperty("features").GetProperty("rms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var actual = SpectralFeatures.Rms(y, 2048, 502, pad == "reflect" ? PadMode.Reflect : PadMode.Constant);
        NumAssert.AllClose(exp, actual, SpectralRtol, 1e-9, "rms");
    }

    [Theory]
    [InlineData("synth22k_pluck", "paper")]
    [InlineData("synth22k_pluck", "corrected")]
    [InlineData("synth22k_chord", "paper")]
    [InlineData("synth22k_chord", "corrected")]
    public void Rms_SyntheticClips_MatchLibrosa(string name, string profile)
    {
        var c = FeatureReference.Get(name);
        var y = FeatureReference.SyntheticSamples(c)!;
        var options = FeatureOptions.For(profile == "paper" ? FeatureProfile.Paper : FeatureProfile.Corrected);
        var actual = SpectralFeatures.Rms(y, options.FrameLength, options.HopLength, options.PadMode);
        var expected = FeatureReference.Expected(c, profile)["rms"];
        Assert.Equal(176, actual.Length);
        NumAssert.AllClose(expected, actual, SpectralRtol, 0, $"{name}/{profile}/rms");
    }
    /// <summary>The per-frame sums form the squares as they go (no array of squares of the padded signal); every value must
    /// keep the bits of that formulation: the same squares, added in the same vector lanes and order.</summary>
    [Theory]
    [InlineData(64000, 2048, 512, PadMode.Reflect)]
    [InlineData(64000, 2048, 512, PadMode.Constant)]
    [InlineData(22050, 2048, 502, PadMode.Reflect)]
    [InlineData(1000, 2048, 502, PadMode.Reflect)]     // shorter than a frame: the reflection wraps periodically
    [InlineData(1000, 2048, 502, PadMode.Constant)]
    [InlineData(5003, 1003, 97, PadMode.Reflect)]      // odd frame length: a remainder after whole vectors
    [InlineData(7, 6, 1, PadMode.Reflect)]
    public void Rms_EqualsTheSumOverAnArrayOfSquaresBitForBit(int n, int frameLength, int hop, PadMode pad)
    {
        var rng = new Random(n + frameLength);
        var y = new float[n];
        for (int i = 0; i < n; i++) y[i] = (float)(rng.NextDouble() * 2 - 1) * (i % 7 == 0 ? 1e-3f : 1f);
        var actual = SpectralFeatures.Rms(y, frameLength, hop, pad);

        int half = frameLength / 2, frames = 1 + n / hop, vw = System.Numerics.Vector<double>.Count;
        var sq = new double[n + frameLength];
        for (int j = 0; j < sq.Length; j++)
        {
            int i = j - half;
            double v = i >= 0 && i < n ? y[i] : pad == PadMode.Reflect ? y[SpectralFeatures.ReflectIndex(i, n)] : 0.0;
            sq[j] = v * v;
        }
        Assert.Equal(frames, actual.Length);
        for (int t = 0; t < frames; t++)
        {
            var frame = sq.AsSpan(t * hop, frameLength);
            var acc = System.Numerics.Vector<double>.Zero;
            int i = 0;
            for (; i <= frameLength - vw; i += vw) acc += new System.Numerics.Vector<double>(frame.Slice(i));
            double sum = System.Numerics.Vector.Sum(acc);
            for (; i < frameLength; i++) sum += frame[i];
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Sqrt(sum / frameLength)), BitConverter.DoubleToInt64Bits(actual[t]));
        }
    }
}
