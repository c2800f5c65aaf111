using Concord.Experiments;
using Concord.Study.Config;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

public class ExperimentConfigTests
{
    private static string Config(string name) => Path.Combine(TestPaths.RepoRoot(), "configs", name);

    [Theory]
    [InlineData("demo.json")]
    [InlineData("nsynth-paper.json")]
    [InlineData("composer.json")]
    [InlineData("beethoven.json")]
    [InlineData("realistic-fluidsynth.json")]
    public void ShippedConfigsValidate(string name) => Assert.NotNull(ExperimentConfigLoader.Load(Config(name)));

    [Fact]
    public void NSynthPaperConfigIsThePapersSetup()
    {
        var c = ExperimentConfigLoader.Load(Config("nsynth-paper.json"));
        Assert.Empty(PaperSetup.Differences(c));
        Assert.Equal(50000, c.Dataset.Limit);
        Assert.Equal(5, c.Seeds.Count);
        Assert.Equal(100, c.Training.Epochs);
    }

    [Fact]
    public void DemoDiffersFromThePaperAndSaysHow()
    {
        var d = PaperSetup.Differences(ExperimentConfigLoader.Load(Config("demo.json")));
        Assert.Contains(d, x => x.Key == "training.epochs" && x.Paper == "100" && x.Run == "4");
        Assert.Contains(d, x => x.Key == "quirks.doubleSoftmax" && x.Paper == "on" && x.Run == "off");
        Assert.Contains(d, x => x.Key == "profile");
        Assert.DoesNotContain(d, x => x.Key == "output" || x.Key.StartsWith("experiments.", StringComparison.Ordinal) || x.Key.StartsWith("exploration.", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownFeatureNameIsRefusedAtLoadListingValidNames()
    {
        string json = """{ "name": "x", "features": ["paper", "zcr"] }""";
        var ex = Assert.Throws<ConcordException>(() => ExperimentConfigLoader.Parse(json, "c.json"));
        Assert.Contains("features[1]: unknown feature 'zcr'", ex.Message);
        Assert.Contains("wavelet_mean_w25", ex.Message);
    }

    [Fact]
    public void FeaturesTakeExternalEntriesAndNetworksAreChecked()
    {
        var c = ExperimentConfigLoader.Parse("""
            { "features": ["paper", {"name": "mfcc_mean", "npy": "f/mfcc.npy", "ids": "f/ids.csv"}],
              "networks": [{"name": "tagger", "onnx": "m.onnx", "layers": ["auto"], "input": {"layout": "nhw", "normalization": "perClipZScore"}}] }
            """, "c.json");
        Assert.Equal(["paper", "mfcc_mean"], c.Features.Select(f => f.Name).ToArray());
        Assert.False(c.Features[0].IsExternal);
        Assert.Equal(("f/mfcc.npy", "f/ids.csv"), (c.Features[1].Npy, c.Features[1].Ids));
        Assert.Equal(Concord.Onnx.InputLayout.Nhw, c.Networks[0].Input.Layout);
        // The resolved config writes built-in names back as strings and external ones as objects.
        var again = ExperimentConfigLoader.Parse(ExperimentConfigLoader.ToJson(c), "resolved.json");
        Assert.Equal(c.Features, again.Features);

        var ex = Assert.Throws<ConcordException>(() => ExperimentConfigLoader.Parse("""
            { "features": [{"name": "a", "npy": "a.npy"}, {"name": "b", "npy": "b.npy", "ids": "i.csv", "path": "x"}, {"name": "rms", "npy": "r.npy", "ids": "i.csv"}],
              "networks": [{"name": "", "onnx": "m.onnx", "layers": ["auto", "conv1"]}, {"name": "Regular", "onnx": ""}] }
            """, "c.json"));
        foreach (string part in new[]
                 {
                     "features[0]: an external feature needs 'name', 'npy' and 'ids' (missing: ids)", "features[1]: unknown key 'path'; valid keys: name, npy, ids",
                 })
            Assert.Contains(part, ex.Message);
        ex = Assert.Throws<ConcordException>(() => ExperimentConfigLoader.Parse("""
            { "features": [{"name": "rms", "npy": "r.npy", "ids": "i.csv"}],
              "networks": [{"name": "", "onnx": "m.onnx", "layers": ["auto", "conv1"]}, {"name": "Regular", "onnx": ""}] }
            """, "c.json"));
        foreach (string part in new[]
                 {
                     "features[0].name: 'rms' is a built-in feature", "networks[0].name: required", "networks[0].layers: \"auto\" cannot be combined with names",
                     "networks[1].name: 'Regular' is the name of a built-in architecture", "networks[1].onnx: required",
                 })
            Assert.Contains(part, ex.Message);
    }

    [Fact]
    public void EveryErrorIsCollectedWithItsKeyPath()
    {
        string json = """
            { "name": "x", "dataset": { "kind": "nSynth", "splitt": 3, "testFraction": 1.5 },
              "training": { "epochs": "many" }, "architectures": ["Regular", "Resnet"], "seeds": [],
              "similarity": { "measures": ["cka"] }, "bogus": true }
            """;
        var ex = Assert.Throws<ConcordException>(() => ExperimentConfigLoader.Parse(json, "c.json"));
        Assert.DoesNotContain('\n', ex.Message);
        Assert.StartsWith("c.json: ", ex.Message);
        foreach (string expected in new[] { "dataset.splitt: unknown key", "training.epochs: expected", "similarity.measures[0]: expected one of linearCka", "bogus: unknown key" })
            Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void ExplorationSectionAndSwitchesLoadAndAreChecked()
    {
        var c = ExperimentConfigLoader.Parse("""
            { "exploration": { "examplesPerClass": 2, "maxExamples": 300, "neighbors": 5, "seed": 4 },
              "experiments": { "pca": false, "channelSimilarity": false } }
            """, "c.json");
        Assert.Equal(new ExplorationSection { ExamplesPerClass = 2, MaxExamples = 300, Neighbors = 5, Seed = 4 }, c.Exploration);
        Assert.False(c.Experiments.Pca);
        Assert.False(c.Experiments.ChannelSimilarity);
        Assert.True(c.Experiments.MutualInformation && c.Experiments.Examples);
        Assert.Contains((ExperimentIds.Pca, false), c.Experiments.Enumerate());
        var ex = Assert.Throws<ConcordException>(() => ExperimentConfigLoader.Parse(
            """{ "exploration": { "examplesPerClass": 0, "maxExamples": 2, "neighbors": 0, "seed": -1, "k": 3 } }""", "c.json"));
        Assert.Contains("exploration.k: unknown key", ex.Message);
        ex = Assert.Throws<ConcordException>(() => ExperimentConfigLoader.Parse(
            """{ "exploration": { "examplesPerClass": 0, "maxExamples": 2, "neighbors": 0, "seed": -1 } }""", "c.json"));
        foreach (string key in new[] { "exploration.examplesPerClass", "exploration.maxExamples", "exploration.neighbors", "exploration.seed" })
            Assert.Contains(key, ex.Message);
    }

    [Fact]
    public void SemanticErrorsAreCollectedTogether()
    {
        // Vocabulary errors (names that are not an architecture or tap) are reported together, at the JSON edge ...
        string json = """{ "dataset": { "kind": "nSynth" }, "architectures": ["Regular", "Resnet"], "taps": ["conv9"] }""";
        var ex = Assert.Throws<ConcordException>(() => ExperimentConfigLoader.Parse(json, "c.json"));
        foreach (string expected in new[] { "architectures[1]: expected one of regular, deformable", "got \"Resnet\"", "taps[0]: expected one of conv1, pool1, conv2, pool2, conv3" })
            Assert.Contains(expected, ex.Message);
        // ... and so are the semantic ones, including a vocabulary value that is not allowed where it is used.
        json = """{ "dataset": { "kind": "nSynth", "testFraction": 1.5 }, "architectures": ["Regular", "FeedForward"], "seeds": [], "taps": ["conv3", "conv3"] }""";
        ex = Assert.Throws<ConcordException>(() => ExperimentConfigLoader.Parse(json, "c.json"));
        foreach (string expected in new[] { "dataset.path: required", "dataset.testFraction", "architectures[1]: 'feedForward' is not allowed here", "training.feedForward", "seeds: at least one", "taps: duplicate entry" })
            Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void ResolvedJsonRoundTrips()
    {
        var c = ExperimentConfigLoader.Load(Config("demo.json"));
        string resolved = ExperimentConfigLoader.ToJson(c);
        var back = ExperimentConfigLoader.Parse(resolved, "resolved");
        Assert.Equal(resolved, ExperimentConfigLoader.ToJson(back));
        Assert.Contains("\"doubleSoftmax\": null", resolved);
    }

    [Fact]
    public void BadJsonNamesTheLine()
    {
        var ex = Assert.Throws<ConcordException>(() => ExperimentConfigLoader.Parse("{\n \"name\": ,\n}", "c.json"));
        Assert.Contains("line 2", ex.Message);
    }
}
