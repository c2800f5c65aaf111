using Concord.Experiments;
using Concord.IO;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Study.Stages;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

/// <summary>
/// Issue 13 §2 at study level: <c>probes.batch</c> changes how the paper-SGD probes of one representation are fitted
/// (together or one by one), never what they give: the probe rows in results.db are identical either way.
/// </summary>
public class ProbeBatchStudyTests
{
    private const int N = 48, Side = 80, Columns = 13;   // 80 × 80: the Regular conv3 is 2 × 2, so BatchNorm sees several values per channel

    /// <summary>An arrays dataset with two classification tasks (3 and 4 classes) and one external feature of 13 columns
    /// that carries both labels; one Regular network trained for one epoch; decoding only; paper profile.</summary>
    private static ExperimentConfig Config(string dir)
    {
        var rng = new Random(3);
        var shape = Enumerable.Range(0, N).Select(i => i % 3).ToArray();
        var colour = Enumerable.Range(0, N).Select(_ => rng.Next(4)).ToArray();
        string inputs = Path.Combine(dir, "inputs.npy"), labels = Path.Combine(dir, "labels.csv");
        string feature = Path.Combine(dir, "feature.npy"), ids = Path.Combine(dir, "ids.csv");
        Npy.Write<float>(inputs, Enumerable.Range(0, N * Side * Side).Select(j => (float)rng.NextDouble() + 0.2f * shape[j / (Side * Side)]).ToArray(), N, Side, Side);
        File.WriteAllLines(labels, ["id,shape,colour", .. Enumerable.Range(0, N).Select(i => $"x{i},s{shape[i]},c{colour[i]}")]);
        File.WriteAllLines(ids, ["id", .. Enumerable.Range(0, N).Select(i => $"x{i}")]);
        Npy.Write<float>(feature, Enumerable.Range(0, N * Columns).Select(j =>
            (float)rng.NextDouble() + (j % Columns < 6 ? shape[j / Columns] : colour[j / Columns]) * 0.5f).ToArray(), N, Columns);
        var tiny = ExperimentConfigLoader.Load(TestPaths.Reference("experiments", "tiny.json"));
        return tiny with
        {
            Profile = Profile.Paper,
            Dataset = tiny.Dataset with { Kind = DatasetSource.Arrays, Path = inputs, Labels = labels, Limit = null, MainTask = "shape", RelatedTasks = ["colour"] },
            Features = [new FeatureEntry("mine", feature, ids)],
            Architectures = [Concord.Networks.Architecture.Regular],
            AllLayerArchitectures = [],
            Taps = [Concord.Networks.Tap.Conv3],
            Seeds = [1],
            Probes = tiny.Probes with { Epochs = 4, BatchSize = 8 },
            Experiments = new ExperimentSwitches
            {
                Robustness = false, Channels = false, Similarity = false, Untrained = false, Concatenation = false, DeepVsDeep = false,
                ChannelSimilarity = false, Exploration = false, Pca = false, Examples = false, MutualInformation = false,
            },
        };
    }

    private static RunOutcome Run(ExperimentConfig config, string dir, bool forceProbes) =>
        ExperimentRunner.Default(Concord.Reporting.ReportWriter.WriteFromStore).Run(config, dir,
            new RunOptions { OutputDirectory = Path.Combine(dir, "run"), Force = forceProbes ? new HashSet<string> { "probes" } : new HashSet<string>() },
            null, CancellationToken.None);

    private static List<ProbeRecord> Probes(string dir)
    {
        using var store = ResultsStore.OpenExisting(Path.Combine(dir, "run"));
        return store.LoadStudy().Probes.OrderBy(p => p.ArtefactHash, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void ProbeRowsAreIdenticalWithAndWithoutBatching()
    {
        using var tmp = new TempDir();
        var config = Config(tmp.Path);
        Assert.True(config.Probes.Batch);
        var first = Run(config, tmp.Path, forceProbes: false);
        Assert.True(first.Succeeded, string.Join("; ", first.Stages.Select(s => $"{s.Stage}: {s.Status} {s.Note}")));
        var batched = Probes(tmp.Path);
        // Two representations (the feature and the network's conv3) × two classification tasks, plus the chance rows.
        var learned = batched.Where(p => p.Source.Kind != RepresentationKind.Chance).ToList();
        Assert.Equal(4, learned.Count);
        Assert.All(learned, p => Assert.Equal(ProbeMetric.AccuracyPercent, p.Metric));
        Assert.Equal(2, learned.Select(p => p.Task).Distinct().Count());

        // The same study one probe at a time: the probe tasks keep their hash, so only forcing recomputes them.
        var oneByOne = config with { Probes = config.Probes with { Batch = false } };
        var plan = StudyPlanner.Plan(config, tmp.Path).Tasks.OfType<ProbeTask>().Select(t => t.Hash);
        Assert.Equal(plan, StudyPlanner.Plan(oneByOne, tmp.Path).Tasks.OfType<ProbeTask>().Select(t => t.Hash));
        var second = Run(oneByOne, tmp.Path, forceProbes: true);
        Assert.True(second.Succeeded, string.Join("; ", second.Stages.Select(s => $"{s.Stage}: {s.Status} {s.Note}")));
        Assert.True(second.Stages.Single(s => s.Stage == "probes").Computed > 0);
        var single = Probes(tmp.Path);
        Assert.Equal(batched, single);
        Assert.DoesNotContain(PaperSetup.Differences(oneByOne), d => d.Key == "probes.batch");
    }
}
