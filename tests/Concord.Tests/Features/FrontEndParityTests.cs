using Concord.Audio;
using Concord.Features;
using Concord.Spectral;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Features;

/// <summary>The audio-derived features through the whole front end (decode, Concord's STFT, features) against the numpy
/// re-implementation of librosa, on the fixture notes (16 kHz) and the 22.05 kHz synthetic clips, in both profiles.</summary>
public sealed class FrontEndParityTests
{
    private const double SpectralRtol = 1e-4; // issue 3

    public static IEnumerable<object[]> CaseProfiles() => FeatureReference.CaseProfiles();

    [Theory]
    [MemberData(nameof(CaseProfiles))]
    public void AudioFeatures_MatchReference(string caseName, string profile)
    {
        var c = FeatureReference.Get(caseName);
        float[]? samples = FeatureReference.SyntheticSamples(c);
        if (samples is null)
        {
            var wav = FeatureReference.FixtureWav(c);
            if (wav is null) return; // fixture absent: nothing to compare
            var clip = AudioFile.Load(wav);
            Assert.Equal(c.SampleRateHz, clip.SampleRateHz);
            samples = clip.Samples;
        }
        var options = FeatureOptions.For(profile == "paper" ? FeatureProfile.Paper : FeatureProfile.Corrected);
        var features = FeatureRegistry.Default.Resolve("rms,spectral_centroid,spectral_bandwidth,spectral_flatness,spectral_rolloff");
        var frontEnd = new FeatureFrontEnd(new MelSpectrogramOptions { PadMode = options.PadMode }, options, features);
        var actual = frontEnd.Compute(samples, c.SampleRateHz);
        var expected = FeatureReference.Expected(c, profile);
        for (int i = 0; i < features.Count; i++)
        {
            // frames of pure digital silence are exactly 0 in both; 1e-9 absolute covers float32 rounding of near-silent frames
            NumAssert.AllClose(expected[features[i].Name], actual[i], SpectralRtol, 1e-9, $"{caseName}/{profile}/{features[i].Name}");
        }
    }
}
