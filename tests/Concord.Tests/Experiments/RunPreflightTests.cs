using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

/// <summary><see cref="RunPreflight"/>: what a config names on disk, checked before a run folder exists.</summary>
public class RunPreflightTests
{
    private static ExperimentConfig With(DatasetSection d) => new() { Dataset = d };

    [Fact]
    public void CsvDatasetsNeedTheirTasksAsColumnsAndRecordingsAddPart()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("labels.csv"), "path,composer,era\na.wav,bach,baroque\n");
        var ok = With(new DatasetSection { Kind = DatasetSource.Recordings, Path = "labels.csv", MainTask = "composer", RelatedTasks = ["era", "part"] });
        Assert.Empty(RunPreflight.Check(ok, t.Path));

        var clips = ok with { Dataset = ok.Dataset with { Kind = DatasetSource.Clips } };   // pre-cut clips have no 'part'
        Assert.Equal(["dataset.relatedTasks[1]: 'part' is not a task of this dataset; the label columns of " + t.File("labels.csv") + " are: composer, era"],
            RunPreflight.Check(clips, t.Path));
    }

    [Fact]
    public void NSynthNeedsAFolderWithExamplesJson()
    {
        using var t = new TempDir();
        Directory.CreateDirectory(t.File("nsynth"));
        var c = With(new DatasetSection { Kind = DatasetSource.NSynth, Path = "nsynth" });
        var error = Assert.Single(RunPreflight.Check(c, t.Path));
        Assert.StartsWith("dataset.path: ", error, StringComparison.Ordinal);
        Assert.Contains("has no examples.json", error, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(t.File("nsynth"), "examples.json"), "{}");
        Assert.Empty(RunPreflight.Check(c, t.Path));
    }

    [Fact]
    public void ACsvKindGivenAFolderIsRefusedAndSynthNeedsNothing()
    {
        using var t = new TempDir();
        var error = Assert.Single(RunPreflight.Check(With(new DatasetSection { Kind = DatasetSource.Clips, Path = ".", MainTask = "label" }), t.Path));
        Assert.Contains("is a folder; kind 'clips' needs the labels CSV file", error, StringComparison.Ordinal);
        Assert.Empty(RunPreflight.Check(new ExperimentConfig(), "/nonexistent"));
    }
}
