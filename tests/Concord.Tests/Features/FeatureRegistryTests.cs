using Concord.Features;

namespace Concord.Tests.Features;

public sealed class FeatureRegistryTests
{
    [Fact]
    public void DefaultRegistry_HasExactlyTheIssueNames()
    {
        string[] stats = ["median", "std", "var", "kurtosis", "q25", "q75"];
        var expected = new List<string>
        {
            "rms", "spectral_centroid", "spectral_bandwidth", "spectral_flatness", "spectral_rolloff",
            "median_power", "mean_power", "time_to_80db", "time_to_75db", "time_to_70db",
        };
        expected.AddRange(new[] { 1, 5, 10, 25 }.Select(w => $"wavelet_mean_w{w}"));
        expected.AddRange(stats.Select(s => $"wavelet_{s}_w25"));
        expected.AddRange(new[] { 1, 5, 10, 25 }.SelectMany(w => new[] { "mean" }.Concat(stats).Select(s => $"wavelet_time_{s}_w{w}")));
        expected.AddRange(["dwt2_db10_h", "dwt2_db10_v", "dwt2_bior13_h", "dwt2_bior13_v", "wavelet_combined", "top_combined"]);
        Assert.Equal(expected.Order(), FeatureRegistry.Default.All.Select(f => f.Name).Order());
    }

    [Theory]
    [InlineData("wavelet_combined", 128, 128, 768)]
    [InlineData("top_combined", 128, 128, 1152)]
    [InlineData("top_combined", 128, 176, 1200)]
    [InlineData("dwt2_db10_h", 128, 176, 7081)]
    [InlineData("dwt2_bior13_v", 128, 176, 5940)]
    [InlineData("time_to_70db", 128, 176, 128)]
    [InlineData("rms", 128, 176, 176)]
    [InlineData("wavelet_time_q75_w5", 128, 176, 176)]
    public void Dimensions_FollowMethod(string name, int mels, int frames, int dim) =>
        Assert.Equal(dim, FeatureRegistry.Default.Get(name).Dimension(mels, frames));

    [Fact]
    public void UnknownName_ErrorListsValidNames()
    {
        var ex = Assert.Throws<ConcordException>(() => FeatureRegistry.Default.Resolve("rms,spectral_centriod"));
        Assert.Contains("unknown feature 'spectral_centriod'", ex.Message);
        foreach (var f in FeatureRegistry.Default.All) Assert.Contains(f.Name, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Sources_AndSets()
    {
        var r = FeatureRegistry.Default;
        Assert.Equal(FeatureSource.RawAudio, r.Get("rms").Source);
        Assert.Equal(FeatureSource.StftPower, r.Get("spectral_rolloff").Source);
        Assert.Equal(FeatureSource.MelDecibels, r.Get("top_combined").Source);
        Assert.Equal(22, r.PaperSet.Count);
        Assert.DoesNotContain(r.PaperSet, f => f is Dwt2Feature || f is WaveletFeature { Layout: WaveletLayout.PerFrame });
        Assert.Equal(r.All.Count, r.Resolve("all").Count);
        Assert.Equal(new[] { "rms", "mean_power" }, r.Resolve(" rms , mean_power,rms").Select(f => f.Name));
    }

    [Fact]
    public void WidthsStatisticsAndComposites_AreConfigurable()
    {
        var r = new FeatureRegistry(new FeatureSetOptions
        {
            MeanWidths = [2],
            StatisticWidths = [2, 7],
            Statistics = [WaveletStatistic.Kurtosis],
            PerFrameWidths = [],
            Composites = [new CompositeSpec("mine", "two blocks", ["wavelet_mean_w2", "wavelet_kurtosis_w7"])],
            PaperSet = ["rms"],
        });
        Assert.Equal(256, r.Get("mine").Dimension(128, 40));
        Assert.Equal(7, ((WaveletFeature)r.Get("wavelet_kurtosis_w7")).Width);
        Assert.Throws<ConcordException>(() => r.Get("wavelet_mean_w25"));
        var bad = Assert.Throws<ConcordException>(() => new FeatureRegistry(new FeatureSetOptions
        {
            Composites = [new CompositeSpec("broken", "x", ["nope"])],
        }));
        Assert.Contains("unknown part 'nope'", bad.Message);
    }

    [Fact]
    public void Profiles_DifferInExactlyTheThreeQuirks()
    {
        var paper = FeatureOptions.For(FeatureProfile.Paper);
        var corrected = FeatureOptions.For(FeatureProfile.Corrected);
        Assert.Equal(corrected with { SampleRate = paper.SampleRate, NeverReached = paper.NeverReached, PadMode = paper.PadMode }, paper);
        Assert.Equal(22050, paper.SpectralRateFor(16000));
        Assert.Equal(16000, corrected.SpectralRateFor(16000));
        Assert.Equal(128, paper.NeverReachedFor(176));
        Assert.Equal(176, corrected.NeverReachedFor(176));
        Assert.Empty(paper.Validate());
        Assert.NotEmpty((corrected with { HopLength = 0 }).Validate());
    }
}
