using Concord.Cli;
using Concord.Tests.Infrastructure;
using Concord.Torch.Training;
using Spectre.Console.Cli;

namespace Concord.Torch.Tests.Cli;

/// <summary>concord models / train / extract run in-process through the real CliSetup.</summary>
public sealed class TorchCommandsTests
{
    private static int Run(params string[] args)
    {
        var app = new CommandApp();
        app.Configure(c => CliSetup.Configure(c, args));
        return app.Run(args);
    }

    [Fact]
    public void ModelsListsEveryArchitecture()
    {
        Assert.Equal(0, Run("models", "--json"));
        Assert.Equal(0, Run("models", "--frames", "176", "--classes", "5"));
        Assert.Equal(2, Run("models", "--classes", "1"));
    }

    [Fact]
    public void TrainThenExtractTrainedAndUntrained()
    {
        using var dir = new TempDir();
        string cache = TinyCache.Write(dir.File("cache"), n: 32);
        Assert.Equal(0, Run("train", "--cache", cache, "--arch", "regular", "--task", "family", "--seed", "1", "--epochs", "1", "--out", dir.File("m"), "--threads", "1"));
        string model = Path.Combine(dir.File("m"), Trainer.ModelFileName);
        Assert.True(File.Exists(model));
        Assert.Equal(0, Run("extract", "--model", model, "--cache", cache, "--taps", "conv3", "--out", dir.File("x")));
        Assert.True(File.Exists(Path.Combine(dir.File("x"), "conv3.train.npy")));
        Assert.Equal(0, Run("extract", "--untrained", "deformable", "--seed", "10", "--cache", cache, "--taps", "conv1,conv3", "--profile", "paper", "--float16", "--out", dir.File("u")));
        Assert.True(File.Exists(Path.Combine(dir.File("u"), "conv1.test.npy")));
        Assert.Equal(0, Run("extract", "--untrained", "regular", "--channels", "5,10,10", "--cache", cache, "--taps", "conv3", "--out", dir.File("v")));
        var variant = Concord.Torch.Models.ModelShapes.Compute(new Concord.Torch.Models.ModelOptions { Mels = 64, Frames = 64, Channels = new(5, 10, 10) });
        Assert.Equal(10, variant.Conv3.Channels);
        Assert.Equal(variant.Conv3.Size, Concord.IO.Npy.ReadHeader(Path.Combine(dir.File("v"), "conv3.train.npy")).Shape[1]);
    }

    [Fact]
    public void BadInputExitsOneWithoutArtefacts()
    {
        using var dir = new TempDir();
        string cache = TinyCache.Write(dir.File("cache"), n: 16);
        Assert.Equal(1, Run("train", "--cache", cache, "--arch", "regular", "--task", "nope", "--epochs", "1", "--out", dir.File("a")));
        Assert.Equal(1, Run("train", "--cache", cache, "--arch", "dilated", "--task", "family", "--epochs", "1", "--out", dir.File("b"), "--device", "cuda"));
        Assert.Equal(1, Run("extract", "--model", dir.File("missing.bin"), "--cache", cache, "--out", dir.File("c")));
        Assert.Equal(1, Run("extract", "--untrained", "feedforward", "--cache", cache, "--out", dir.File("d")));
        Assert.Equal(2, Run("train", "--cache", cache, "--arch", "resnet", "--task", "family", "--out", dir.File("e")));
        foreach (var o in new[] { "a", "b", "c", "d", "e" })
            Assert.True(!Directory.Exists(dir.File(o)) || Directory.GetFileSystemEntries(dir.File(o)).Length == 0, o);
    }
}
