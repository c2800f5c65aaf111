using Concord.Study.Config;
using Concord.Torch.Models;

namespace Concord.Tests.Experiments;

/// <summary>PaperSetup and configs/nsynth-paper.json against the paper's own numbers (/work/shared/seed/paper.txt, B.2.3).</summary>
public class PaperSetupTests
{
    // Table 10: "# of Channels | … | # of Parameters": (5, 10, 10) 24238; (10, 10, 10) 25628; (10, 20, 30) 79118 (the standard Regular).
    private static readonly (int C1, int C2, int C3, long Parameters)[] Table10 = [(5, 10, 10, 24238), (10, 10, 10, 25628), (10, 20, 30, 79118)];

    private static long Count(int c1, int c2, int c3) =>
        ModelFactory.ParameterCount(new ModelOptions { Channels = new ChannelCounts(c1, c2, c3), Frames = 128, Classes = 8 });

    [Fact]
    public void ChannelVariantsAreTable10WithItsParameterCounts()
    {
        foreach (var config in new[] { PaperSetup.NSynth, ExperimentConfigLoader.Load(Path.Combine(Infrastructure.TestPaths.RepoRoot(), "configs", "nsynth-paper.json")) })
        {
            // The variants plus the standard network are exactly Table 10's rows, and the real models have its parameter counts.
            var rows = config.ChannelVariants.Select(v => (v.Conv1, v.Conv2, v.Conv3)).Append((10, 20, 30)).Order().ToList();
            Assert.Equal(Table10.Select(t => (t.C1, t.C2, t.C3)).Order(), rows);
            foreach (var (c1, c2, c3, parameters) in Table10)
                Assert.Equal(parameters, Count(c1, c2, c3));
        }
    }

    [Fact]
    public void DatasetIntrinsicKeysOfAnotherDatasetAreNotDepartures()
    {
        var beethoven = ExperimentConfigLoader.Load(Path.Combine(Infrastructure.TestPaths.RepoRoot(), "configs", "beethoven.json"));
        var keys = PaperSetup.Differences(beethoven).Select(d => d.Key).ToList();
        Assert.DoesNotContain("dataset.kind", keys);
        Assert.DoesNotContain("dataset.mainTask", keys);
        // On NSynth itself a different main task is a departure.
        var nsynth = PaperSetup.NSynth with { Dataset = PaperSetup.NSynth.Dataset with { MainTask = "pitch" } };
        Assert.Contains(PaperSetup.Differences(nsynth), d => d.Key == "dataset.mainTask");
    }
}
