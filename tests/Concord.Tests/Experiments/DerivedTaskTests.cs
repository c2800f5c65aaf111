using Concord.Audio;
using Concord.Datasets;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Study.Stages;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

/// <summary>
/// <c>dataset.derivedTasks</c>: a label group derived from another column in the study config (issue 15), used by
/// configs/beethoven.json for the paper's orchestra continent.
/// </summary>
public class DerivedTaskTests
{
    private const string Continent = """
        { "name": "continent", "from": "orchestra", "classes": { "American": ["Chicago"], "European": ["Berlin", "Vienna"] } }
        """;

    private static string Config(string derived, string kind = "recordings", string related = "\"continent\"") => $$"""
        { "dataset": { "kind": "{{kind}}", "path": "labels.csv", "mainTask": "orchestra", "relatedTasks": [{{related}}], "derivedTasks": [{{derived}}] } }
        """;

    private static string Error(string json) => Assert.Throws<ConcordException>(() => ExperimentConfigLoader.Parse(json, "x.json")).Message;

    [Fact]
    public void BeethovenConfigHasThePapersThreeTasksAndContinentMapping()
    {
        var c = ExperimentConfigLoader.Load(Path.Combine(TestPaths.RepoRoot(), "configs", "beethoven.json"));
        Assert.Equal("orchestra", c.Dataset.MainTask);
        Assert.Equal(["symphony", "continent"], c.Dataset.RelatedTasks);
        var continent = Assert.Single(c.Dataset.DerivedTasks);
        Assert.Equal(("continent", "orchestra"), (continent.Name, continent.From));

        // Paper B.1.3, Table 5: the ten orchestras and their test shares; the continent task's test balance is "41.4% - 58.6%".
        var table5Test = new Dictionary<string, double>
        {
            ["Ancient Music"] = 9.5, ["Berlin-Rattle"] = 9.7, ["Berlin-von Karajan"] = 10.0, ["Chicago"] = 11.4, ["Leipzig"] = 9.8,
            ["LSO"] = 9.8, ["NBC"] = 9.6, ["NY Phil"] = 10.2, ["Philadelphia"] = 10.2, ["Vienna"] = 9.8,
        };
        var mapped = continent.Classes.SelectMany(k => k.Value.Select(v => (Orchestra: v, Continent: k.Key))).ToList();
        Assert.Equal(table5Test.Keys.Order(), mapped.Select(m => m.Orchestra).Order());   // every orchestra exactly once
        double american = mapped.Where(m => m.Continent == "American").Sum(m => table5Test[m.Orchestra]);
        double european = mapped.Where(m => m.Continent == "European").Sum(m => table5Test[m.Orchestra]);
        Assert.Equal(41.4, american, 1);
        Assert.Equal(58.6, european, 1);

        // The clips are the paper's: 4 s at 22,050 Hz, 128 x 176 mel.
        Assert.Equal((22050, 4.0), (c.FrontEnd.SampleRateHz, c.FrontEnd.ClipSeconds));
        Assert.Equal(176, 1 + ClipSlicer.ClipLength(c.FrontEnd.ClipSeconds, c.FrontEnd.SampleRateHz) / c.FrontEnd.HopLength);
    }

    [Fact]
    public void ConfigErrorsNameTheKey()
    {
        Assert.Contains("dataset.derivedTasks: only for kinds 'recordings' and 'clips'",
            Error(Config(Continent, kind: "nSynth", related: "")), StringComparison.Ordinal);
        Assert.Contains("dataset.derivedTasks[0].classes.European: 'Chicago' is already in class 'American'",
            Error(Config("""{ "name": "continent", "from": "orchestra", "classes": { "American": ["Chicago"], "European": ["Chicago"] } }""")), StringComparison.Ordinal);
        Assert.Contains("dataset.derivedTasks[0].classes: at least two classes",
            Error(Config("""{ "name": "continent", "from": "orchestra", "classes": { "American": ["Chicago"] } }""")), StringComparison.Ordinal);
        Assert.Contains("dataset.derivedTasks[0].classes.American: expected an array",
            Error(Config("""{ "name": "continent", "from": "orchestra", "classes": { "American": "Chicago", "European": ["Berlin"] } }""")), StringComparison.Ordinal);
        Assert.Contains("dataset.derivedTasks[0].from: required", Error(Config("""{ "name": "continent", "classes": { "A": ["x"], "B": ["y"] } }""")), StringComparison.Ordinal);
        Assert.Contains("dataset.derivedTasks[0].name: 'part' cannot name a task",
            Error(Config("""{ "name": "part", "from": "orchestra", "classes": { "A": ["x"], "B": ["y"] } }""", related: "")), StringComparison.Ordinal);
        Assert.Contains("dataset.derivedTasks[0].colour: unknown key",
            Error(Config("""{ "name": "continent", "from": "orchestra", "colour": 1, "classes": { "A": ["x"], "B": ["y"] } }""")), StringComparison.Ordinal);
    }

    [Fact]
    public void PreflightNamesAnUnmappedValueAndItsRowAndAcceptsTheDerivedTask()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("x.json"), Config(Continent));
        var c = ExperimentConfigLoader.Load(t.File("x.json"));
        File.WriteAllText(t.File("labels.csv"), "path,orchestra\na.wav,Berlin\nb.wav,Chicago\nc.wav,Vienna\n");
        Assert.Empty(RunPreflight.Check(c, t.Path));

        File.WriteAllText(t.File("labels.csv"), "path,orchestra\na.wav,Berlin\nb.wav,Leipzig\nc.wav,Tokyo\n");
        Assert.Equal(
            [$"dataset.derivedTasks[0].classes: 'orchestra' value 'Leipzig' ({t.File("labels.csv")} row 3) belongs to no class (nor do 1 other value(s): 'Tokyo')"],
            RunPreflight.Check(c, t.Path));

        File.WriteAllText(t.File("labels.csv"), "path,ensemble\na.wav,Berlin\n");
        string error = Assert.Single(RunPreflight.Check(c with { Dataset = c.Dataset with { MainTask = "ensemble" } }, t.Path));   // not also relatedTasks[0]
        Assert.StartsWith("dataset.derivedTasks[0].from: 'orchestra' is not a label column", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PreparationDerivesTheColumnAndTheMappingIsPartOfTheCacheKey()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("x.json"), Config(Continent));
        var c = ExperimentConfigLoader.Load(t.File("x.json"));
        Directory.CreateDirectory(t.File("audio"));
        foreach (string f in new[] { "a", "b", "c" })
            WavWriter.Write(t.File($"audio/{f}.wav"), new float[8000 * 9], 8000, WavSampleFormat.Pcm16);   // 2 clips of 4 s each
        File.WriteAllText(t.File("labels.csv"), "path,orchestra\naudio/a.wav,Berlin\naudio/b.wav,Chicago\naudio/c.wav,Vienna\n");

        var options = PrepareTask.Options(c);
        var ds = RecordingsDataset.Load(t.File("labels.csv"), options.Recordings, 8000, p => AudioFile.Load(p, 8000).Samples.Length);
        Assert.Equal(["orchestra", "continent", "part"], ds.LabelColumns);
        var task = ds.Task("continent")!.Task;
        Assert.Equal(["American", "European"], task.Classes);
        Assert.Equal([1L, 1, 0, 0, 1, 1], ds.Task("continent")!.Codes);

        // An unmapped value found at preparation (a CSV changed after the preflight) names the row, the value and the config key.
        File.WriteAllText(t.File("labels.csv"), "path,orchestra\naudio/a.wav,Berlin\naudio/b.wav,Tokyo\n");
        var e = Assert.Throws<ConcordException>(() => RecordingsDataset.Load(t.File("labels.csv"), options.Recordings, 8000, p => AudioFile.Load(p, 8000).Samples.Length));
        Assert.Contains("row 3: column 'orchestra': value 'Tokyo' has no entry in config key dataset.derivedTasks[0]", e.Message, StringComparison.Ordinal);

        // Moving Vienna to the other class changes the prepared cache's hash.
        var moved = c with { Dataset = c.Dataset with { DerivedTasks = [c.Dataset.DerivedTasks[0] with { Classes = new Dictionary<string, IReadOnlyList<string>>
        {
            ["American"] = ["Chicago", "Vienna"], ["European"] = ["Berlin"],
        } }] } };
        Assert.NotEqual(PrepareTask.For(c, t.Path).Hash, PrepareTask.For(moved, t.Path).Hash);
    }
}
