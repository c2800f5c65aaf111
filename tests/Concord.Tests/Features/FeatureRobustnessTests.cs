using Concord.Features;
using Concord.Spectral;

namespace Concord.Tests.Features;

/// <summary>Degenerate inputs: every feature stays finite; silence follows librosa's amin rule; constant rows have a defined kurtosis.</summary>
public sealed class FeatureRobustnessTests
{
    private const int Frames = 16, Mels = 32, Bins = 1025;

    /// <summary>A clip's inputs built without the audio front end: the STFT power is given by <paramref name="stft"/>
    /// (the spectral features only need a non-negative spectrogram) and the dB mel is power_to_db(ref=max, top_db=80) of
    /// every (Bins/Mels)-th STFT row.</summary>
    private static FeatureInput Input(float[] samples, Func<int, int, float> stft)
    {
        var power = new Spectrogram(Bins, Frames);
        for (int k = 0; k < Bins; k++) for (int t = 0; t < Frames; t++) power[k, t] = stft(k, t);
        var mel = new Spectrogram(Mels, Frames);
        double max = power.Values.Max();
        for (int m = 0; m < Mels; m++)
            for (int t = 0; t < Frames; t++)
            {
                double p = power[m * (Bins / Mels), t];
                double db = 10 * Math.Log10(Math.Max(1e-10, p)) - 10 * Math.Log10(Math.Max(1e-10, max));
                mel[m, t] = (float)db;
            }
        float floor = mel.Values.Max() - 80f;
        for (int i = 0; i < mel.Values.Length; i++) mel.Values[i] = Math.Max(mel.Values[i], floor);
        return FeatureInput.FromAudio(samples, 16000, power, mel);
    }

    private static double[][] AllFeatures(FeatureInput input, FeatureProfile profile) =>
        new FeatureExtractor(FeatureOptions.For(profile), FeatureRegistry.Default.All).Compute(input);

    public static IEnumerable<object[]> Profiles() => [[FeatureProfile.Paper], [FeatureProfile.Corrected]];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SilentClip_AllFeaturesFinite_FlatnessIsOne_KurtosisDefined(FeatureProfile profile)
    {
        var samples = new float[502 * (Frames - 1)];
        var input = Input(samples, (_, _) => 0f);
        var all = AllFeatures(input, profile);
        var names = FeatureRegistry.Default.All.Select(f => f.Name).ToList();
        for (int i = 0; i < all.Length; i++)
            Assert.All(all[i], v => Assert.True(double.IsFinite(v), $"{names[i]} is not finite for silence"));
        // librosa: S̃ = max(amin, 0) = amin in every bin, so gmean = amean and the flatness of digital silence is 1
        Assert.All(all[names.IndexOf("spectral_flatness")], v => Assert.Equal(1.0, v, 12));
        // dB of silence is all 0 (ref = max = amin): the CWT rows are constant 0; scipy gives NaN, we give KurtosisOfConstant
        Assert.All(all[names.IndexOf("wavelet_kurtosis_w25")], v => Assert.Equal(0.0, v));
        Assert.All(all[names.IndexOf("spectral_centroid")], v => Assert.Equal(0.0, v));
        Assert.All(all[names.IndexOf("rms")], v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void KurtosisOfConstantRow_IsTheDocumentedValue()
    {
        double[] row = [3.5, 3.5, 3.5, 3.5, 3.5];
        Assert.Equal(0.0, RowStatistics.Compute(row, WaveletStatistic.Kurtosis, 0.0, new double[5]));
        Assert.Equal(-3.0, RowStatistics.Compute(row, WaveletStatistic.Kurtosis, -3.0, new double[5]));
        // scipy 1.10.1: scipy.stats.kurtosis([1, 2, 3, 4, 10]) = -0.21199999999999974
        Assert.Equal(-0.212, RowStatistics.Compute([1, 2, 3, 4, 10], WaveletStatistic.Kurtosis, 0.0, new double[5]), 12);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SingleNonZeroSample_AllFeaturesFinite(FeatureProfile profile)
    {
        var samples = new float[502 * (Frames - 1)];
        samples[samples.Length / 2] = 1f;
        int hit = samples.Length / 2 / 502;
        var input = Input(samples, (k, t) => Math.Abs(t - hit) <= 2 ? 1e-3f : 0f);
        var all = AllFeatures(input, profile);
        foreach (var v in all) Assert.All(v, x => Assert.True(double.IsFinite(x)));
        var rms = all[0];
        Assert.True(rms.Max() > 0);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void FullScaleSquareWave_AllFeaturesFinite(FeatureProfile profile)
    {
        var samples = new float[502 * (Frames - 1)];
        for (int i = 0; i < samples.Length; i++) samples[i] = (i / 20) % 2 == 0 ? 1f : -1f;
        var input = Input(samples, (k, t) => k % 40 == 20 ? 1e6f / (1 + k) : 0f);
        var all = AllFeatures(input, profile);
        foreach (var v in all) Assert.All(v, x => Assert.True(double.IsFinite(x)));
        Assert.All(all[0].Skip(3).SkipLast(3), v => Assert.Equal(1.0, v, 6)); // rms of a ±1 square wave, away from the edges
    }

    [Fact]
    public void MelOnlyInput_RawAudioFeature_GivesClearError()
    {
        var mel = new Spectrogram(Mels, Frames);
        var ex = Assert.Throws<ConcordException>(() =>
            new FeatureExtractor(new FeatureOptions(), FeatureRegistry.Default.Resolve("mean_power,rms")).Compute(FeatureInput.FromMel(mel)));
        Assert.Contains("'rms' needs the raw audio", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
