using Concord.Networks;
using Concord.Tests.Infrastructure;
using Concord.Torch.Activations;
using Concord.Torch.Models;
using Concord.Torch.Training;

namespace Concord.Torch.Tests.Training;

public sealed class ZooRunnerTests
{
    [Fact]
    public void TrainsEveryArchitectureAndExtractsTrainedAndUntrained()
    {
        using var dir = new TempDir();
        // 128 mels so that every architecture fits; 56 frames is about the smallest width Regular accepts (the 1d models' fc1 grows with T).
        string cache = TinyCache.Write(dir.File("cache"), n: 24, mels: 128, frames: 56);
        var options = new ZooOptions
        {
            Seeds = [1],
            Training = new TrainingOptions { Epochs = 1, BatchSize = 12 },
            Extraction = new ExtractionOptions { Taps = [Tap.Conv3], BatchSize = 12 },
        };
        var results = new ZooRunner(options).Run(cache, "family", dir.File("zoo"));
        Assert.Equal(6, results.Count);
        foreach (var r in results)
        {
            Assert.True(File.Exists(r.Training.ModelPath));
            bool conv = r.Architecture != Architecture.FeedForward;
            Assert.Equal(conv, r.TrainedActivations is not null);
            Assert.Equal(conv, r.UntrainedActivations is not null);
            if (conv) Assert.All(r.TrainedActivations!.Files.Concat(r.UntrainedActivations!.Files), f => Assert.True(File.Exists(f.Path)));
        }
    }
}
