using Concord.Cli;
using Concord.Datasets;
using Concord.IO;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Features;

/// <summary><c>concord features</c> in-process: outputs, shapes, and one-line errors that leave no files behind.</summary>
public sealed class FeaturesCommandTests
{
    private static int Run(params string[] args) => CliSetup.Run(args);

    [Fact]
    public void MelStack_WritesOneRowPerClip_MatchingTheLibrary()
    {
        using var tmp = new TempDir();
        var c = FeatureReference.Get("synth22k_chord");
        var mel = FeatureReference.MelDb(c, "paper");
        var stack = new float[3 * mel.Values.Length];
        for (int i = 0; i < 3; i++) mel.Values.CopyTo(stack, i * mel.Values.Length);
        string input = tmp.File("mel.npy");
        Npy.Write<float>(input, stack, 3, mel.Bins, mel.Frames);
        Assert.Equal(0, Run("features", "-i", input, "-o", tmp.File("out"), "--features", "time_to_70db,top_combined", "--profile", "paper"));
        var tt = Npy.Read<float>(CacheLayout.Feature(tmp.File("out"), "time_to_70db"));
        Assert.Equal(new long[] { 3, 128 }, tt.Shape);
        Assert.All(tt.Data, v => Assert.Equal(128f, v)); // the chord never falls to -70 dB: the paper's sentinel
        var top = Npy.Read<float>(CacheLayout.Feature(tmp.File("out"), "top_combined"));
        Assert.Equal(new long[] { 3, 176 + 128 * 8 }, top.Shape);
        var expected = FeatureReference.Expected(c, "paper")["top_combined"];
        for (int r = 0; r < 3; r++)
            NumAssert.AllClose(expected.Select(v => (double)(float)v).ToArray(), top.Data.AsSpan(r * expected.Length, expected.Length).ToArray().Select(v => (double)v).ToArray(), 0, 0, "top_combined");
    }

    [Fact]
    public void AudioFile_WritesPaperSet_WithNEqualOne()
    {
        var fixture = TestPaths.NSynthFixture();
        if (fixture is null) return;
        using var tmp = new TempDir();
        string wav = Path.Combine(fixture, "audio", "brass_acoustic_000-028-025.wav");
        Assert.Equal(0, Run("features", "-i", wav, "-o", tmp.Path, "--profile", "corrected"));
        var files = Directory.GetFiles(CacheLayout.FeaturesDir(tmp.Path), "*.npy");
        Assert.Equal(22, files.Length);
        var rms = Npy.Read<float>(CacheLayout.Feature(tmp.Path, "rms"));
        Assert.Equal(new long[] { 1, 128 }, rms.Shape);
        Assert.Empty(Directory.GetFiles(CacheLayout.FeaturesDir(tmp.Path), "*.tmp-*"));
    }

    [Fact]
    public void PreparedCache_AudioFeatures_ReReadTheCachesInputs()
    {
        using var tmp = new TempDir();
        SynthDataset.Write(tmp.File("synth"), new SynthDatasetOptions { Notes = 8 });
        DatasetPreparer.Prepare(tmp.File("synth"), tmp.File("cache"), PrepareOptions.ForProfile(DatasetProfile.Corrected));
        Assert.Equal(0, Run("features", "-i", tmp.File("cache"), "-o", tmp.File("out"), "--features", "rms,mean_power"));
        Assert.Equal(new long[] { 8, 128 }, Npy.Read<float>(CacheLayout.Feature(tmp.File("out"), "rms")).Shape);
        Assert.Equal(new long[] { 8, 128 }, Npy.Read<float>(CacheLayout.Feature(tmp.File("out"), "mean_power")).Shape);
        Assert.False(Directory.Exists(CacheLayout.FeaturesDir(tmp.File("cache")))); // the cache itself is untouched
    }

    [Fact]
    public void Errors_AreOneLine_ExitOne_AndWriteNothing()
    {
        using var tmp = new TempDir();
        var mel = FeatureReference.MelDb(FeatureReference.Get("synth22k_pluck"), "corrected");
        string input = tmp.File("one.npy");
        Npy.Write<float>(input, mel.Values, mel.Bins, mel.Frames);
        Assert.Equal(1, Run("features", "-i", input, "-o", tmp.File("a"), "--features", "mean_power,not_a_feature"));
        Assert.Equal(1, Run("features", "-i", input, "-o", tmp.File("b"), "--features", "mean_power,rms")); // rms needs audio
        Assert.False(Directory.Exists(CacheLayout.FeaturesDir(tmp.File("a"))) && Directory.GetFiles(CacheLayout.FeaturesDir(tmp.File("a"))).Length > 0);
        Assert.False(Directory.Exists(CacheLayout.FeaturesDir(tmp.File("b"))) && Directory.GetFiles(CacheLayout.FeaturesDir(tmp.File("b"))).Length > 0);
        Assert.Equal(0, Run("features", "-i", input, "-o", tmp.File("c"), "--features", "mean_power"));
        Assert.Equal(new long[] { 1, 176 }, Npy.Read<float>(CacheLayout.Feature(tmp.File("c"), "mean_power")).Shape);
    }
}
