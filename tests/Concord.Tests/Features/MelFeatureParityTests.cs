using Concord.Features;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Features;

/// <summary>Every dB-mel feature against tests/reference/make_features.py (numpy 1.24, scipy 1.10, pywt 1.1), both profiles,
/// on the committed dB mel inputs, so these tolerances are not confounded by the mel front end.</summary>
public sealed class MelFeatureParityTests
{
    public static IEnumerable<object[]> CaseProfiles() => FeatureReference.CaseProfiles();

    [Theory]
    [MemberData(nameof(CaseProfiles))]
    public void MelFeatures_MatchReference(string caseName, string profile)
    {
        var c = FeatureReference.Get(caseName);
        var expected = FeatureReference.Expected(c, profile);
        var registry = FeatureRegistry.Default;
        var features = registry.All.Where(f => f.Source == FeatureSource.MelDecibels && expected.ContainsKey(f.Name)).ToList();
        Assert.True(features.Count >= 40, $"only {features.Count} mel features have references");
        var options = FeatureOptions.For(profile == "paper" ? FeatureProfile.Paper : FeatureProfile.Corrected);
        var extractor = new FeatureExtractor(options, features);
        var mel = FeatureReference.MelDb(c, profile);
        var actual = extractor.Compute(FeatureInput.FromMel(mel));
        for (int i = 0; i < features.Count; i++)
        {
            var f = features[i];
            var e = expected[f.Name];
            Assert.Equal(f.Dimension(mel.Bins, mel.Frames), actual[i].Length);
            // power and time-to-dB: exact; wavelet statistics and DWT: 1e-5 absolute (both float64 here)
            double atol = f is WaveletFeature or Dwt2Feature or CompositeFeature { Name: "wavelet_combined" } ? 1e-5 : 0.0;
            if (f is CompositeFeature { Name: "top_combined" })
            {
                int exactLen = mel.Frames + mel.Bins; // mean_power ‖ time_to_70db are exact, the wavelet blocks 1e-5
                NumAssert.AllClose(e.AsSpan(0, exactLen), actual[i].AsSpan(0, exactLen), 0, 0, $"{caseName}/{profile}/{f.Name}");
                NumAssert.AllClose(e.AsSpan(exactLen), actual[i].AsSpan(exactLen), 0, 1e-5, $"{caseName}/{profile}/{f.Name}");
            }
            else NumAssert.AllClose(e, actual[i], 0, atol, $"{caseName}/{profile}/{f.Name}");
        }
    }

    [Fact]
    public void TimeToDb_NeverReachedBins_TakeEachProfilesSentinel()
    {
        int checkedCases = 0;
        bool sawDifferentSentinels = false;
        var def = FeatureRegistry.Default.Get("time_to_70db");
        foreach (var c in FeatureReference.Cases())
        {
            int never = c.Json.GetProperty("profiles").GetProperty("paper").GetProperty("binsNeverReaching70db").GetInt32();
            if (never == 0) continue;
            var mel = FeatureReference.MelDb(c, "paper");
            var paper = new FeatureExtractor(FeatureOptions.For(FeatureProfile.Paper), [def]).Compute(FeatureInput.FromMel(mel))[0];
            var corrected = new FeatureExtractor(FeatureOptions.For(FeatureProfile.Corrected), [def]).Compute(FeatureInput.FromMel(mel))[0];
            for (int m = 0; m < mel.Bins; m++)
            {
                bool reached = mel.Row(m).ToArray().Any(v => v <= -70f);
                if (reached) { Assert.Equal(paper[m], corrected[m]); continue; }
                Assert.Equal(128.0, paper[m]);
                Assert.Equal(mel.Frames, corrected[m]);
            }
            sawDifferentSentinels |= mel.Frames != 128;
            checkedCases++;
        }
        Assert.True(checkedCases >= 2, "the references need notes with mel bins that never reach -70 dB");
        Assert.True(sawDifferentSentinels, "a 176-frame case must show the paper's 128 differing from the frame count");
    }
}
