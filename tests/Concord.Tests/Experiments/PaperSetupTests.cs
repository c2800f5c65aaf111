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

    private static ExperimentConfig Shipped(string name) => ExperimentConfigLoader.Load(Path.Combine(Infrastructure.TestPaths.RepoRoot(), "configs", name));

    [Fact]
    public void EveryValueThePaperStatesIsPaperSetupsAndTheNSynthConfigs()
    {
        foreach (var c in new[] { PaperSetup.NSynth, Shipped("nsynth-paper.json") })
        {
            // B.1.1: "50000 randomly sampled acoustic examples are selected and the bass and organ instrument families are dropped";
            // "All datasets use a 70-30% train-test split"; "The main task is an 8-class classification of instrument family";
            // "The related tasks are Note Pitch and Note Velocity".
            Assert.Equal((DatasetSource.NSynth, "acoustic", 50000, 0.3), (c.Dataset.Kind, c.Dataset.Subset, c.Dataset.Limit, c.Dataset.TestFraction));
            Assert.Equal("instrument_family", c.Dataset.MainTask);
            Assert.Equal(["pitch", "velocity"], c.Dataset.RelatedTasks);
            // METHOD.md §3.1: split np.random.seed(17), unstratified.
            Assert.Equal((ConfigSplitKind.Random, 17), (c.Dataset.Split, c.Dataset.SplitSeed));
            // B.1: "calculated from 4 second audio clips. The sampling rate of the NSynth audio is 16 kHz ... 128 mels, a maximum
            // frequency of 8000 Hz, a hop length of 502 and a Hanning window with FFT window length 2048 ... 128 x 128".
            var f = c.FrontEnd;
            Assert.Equal((16000, 4.0, 2048, 502, 128, 8000.0), (f.SampleRateHz, f.ClipSeconds, f.FftSize, f.HopLength, f.MelBands, f.FMaxHz));
            Assert.Equal(128, 1 + Concord.Audio.ClipSlicer.ClipLength(f.ClipSeconds, f.SampleRateHz) / f.HopLength);
            // B.2.3: "the SGD optimizer with learning rate 0.005 and momentum 0.9, for 150 epochs with a batch size of 64"; the
            // authors' code trains 100 epochs (METHOD.md §5: Table 11's times prove it); "5 different initializations" =
            // seeds [1, 10, 17, 25, 177]; a Feed Forward baseline is trained too.
            Assert.Equal((0.005, 0.9, 64, 100, true), (c.Training.LearningRate, c.Training.Momentum, c.Training.BatchSize, c.Training.Epochs, c.Training.FeedForward));
            Assert.Equal([1, 10, 17, 25, 177], c.Seeds);
            // Five architectures; Regular and Deformable are analysed at every layer (Figs. 1, 3, 5).
            Assert.Equal(ExperimentConfig.KnownArchitectures, c.Architectures);
            Assert.Equal([Concord.Networks.Architecture.Regular, Concord.Networks.Architecture.Deformable], c.AllLayerArchitectures);
            Assert.Equal(ExperimentConfig.KnownTaps, c.Taps);
            // METHOD.md §7.1: logistic regression, SGD lr 0.01, momentum 0.9, 100 epochs, batch 64, seed 1.
            Assert.Equal((0.01, 0.9, 100, 64, 1), (c.Probes.LearningRate, c.Probes.Momentum, c.Probes.Epochs, c.Probes.BatchSize, c.Probes.Seed));
            Assert.Equal(Profile.Paper, c.Profile);
        }
    }

    [Fact]
    public void ComposerAndBeethovenConfigsUseThePapersClipsAndTasks()
    {
        // B.1: "the sampling of the Composer and Beethoven datasets is 22050 Hz ... mel-spectrograms of dimension 128 x 176",
        // from 4 s non-overlapping chunks.
        foreach (string name in new[] { "composer.json", "beethoven.json" })
        {
            var c = Shipped(name);
            Assert.Equal((22050, 4.0, 0.3), (c.FrontEnd.SampleRateHz, c.FrontEnd.ClipSeconds, c.Dataset.TestFraction));
            Assert.Equal(176, 1 + Concord.Audio.ClipSlicer.ClipLength(c.FrontEnd.ClipSeconds, c.FrontEnd.SampleRateHz) / c.FrontEnd.HopLength);
            Assert.Equal([1, 10, 17, 25, 177], c.Seeds);
            Assert.False(c.Experiments.Channels);   // Table 10 is NSynth only
        }
        // "The related task for the Composer dataset is classifying whether each example came from the beginning, middle or end".
        var composer = Shipped("composer.json").Dataset;
        Assert.Equal("composer", composer.MainTask);
        Assert.Equal(["part"], composer.RelatedTasks);
        // "The two related tasks are classifying the symphony number ... and whether the orchestra is American or European".
        var beethoven = Shipped("beethoven.json").Dataset;
        Assert.Equal("orchestra", beethoven.MainTask);
        Assert.Equal(["symphony", "continent"], beethoven.RelatedTasks);
    }
}
