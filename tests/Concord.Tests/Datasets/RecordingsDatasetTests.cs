using Concord.Audio;
using Concord.Datasets;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Datasets;

public class RecordingsDatasetTests
{
    private const int Sr = 8000;

    private static void Tone(string path, double seconds)
    {
        var x = new float[(int)Math.Round(seconds * Sr)];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(0.2 * Math.Sin(2 * Math.PI * 220 * i / Sr));
        WavWriter.Write(path, x, Sr, WavSampleFormat.Pcm16);
    }

    private static LabelledDataset Load(string csv, RecordingsOptions? o = null) =>
        RecordingsDataset.Load(csv, o ?? new RecordingsOptions(), Sr, p => AudioFile.Load(p, Sr).Samples.Length);

    [Fact]
    public void EveryDroppedRecordingAndPieceIsCountedWithItsReason()
    {
        using var t = new TempDir();
        Directory.CreateDirectory(t.File("audio"));
        Tone(t.File("audio/a.wav"), 41.5);   // 10 clips + a 1.5 s tail
        Tone(t.File("audio/b.wav"), 12);     // 3 clips, nothing left over
        Tone(t.File("audio/c.wav"), 3);      // shorter than a clip
        Tone(t.File("audio/d.wav"), 0.5);    // shorter than a clip
        File.WriteAllText(t.File("rec.csv"), "path,composer\naudio/a.wav,Haydn\naudio/b.wav,Bach\naudio/c.wav,Bach\naudio/d.wav,Bach\n");
        var ds = Load(t.File("rec.csv"));
        Assert.Equal(13, ds.Count);
        Assert.Equal(
        [
            new DroppedItem("audio/a.wav#10", "final 1.5 s piece is shorter than one 4 s clip"),
            new DroppedItem("audio/c.wav", "recording of 3 s is shorter than one 4 s clip"),
            new DroppedItem("audio/d.wav", "recording of 0.5 s is shorter than one 4 s clip"),
        ], ds.Dropped);
        Assert.Equal(3, ds.Subset([0, 1]).Dropped.Count);
        // Zero-padding keeps every tail, including whole recordings shorter than a clip, so nothing is dropped.
        Assert.Empty(Load(t.File("rec.csv"), new RecordingsOptions { PartialClip = PartialClipPolicy.ZeroPad }).Dropped);
    }

    [Fact]
    public void CutsRecordingsIntoClipsWithPartsAndDerivedLabels()
    {
        using var t = new TempDir();
        Directory.CreateDirectory(t.File("audio"));
        Tone(t.File("audio/a.wav"), 41.5);   // 10 full 4 s clips + 1.5 s dropped
        Tone(t.File("audio/b.wav"), 12);     // 3 clips
        Tone(t.File("audio/c.wav"), 3);      // shorter than a clip: no examples
        File.WriteAllText(t.File("rec.csv"), "\uFEFFpath,composer,orchestra\r\naudio/a.wav,Haydn,\"Berlin, Phil\"\r\naudio/b.wav,Bach,Chicago\r\naudio/c.wav,Bach,Chicago\r\n");
        File.WriteAllText(t.File("continent.csv"), "orchestra,continent\n\"Berlin, Phil\",Europe\nChicago,America\n");
        var ds = Load(t.File("rec.csv"), new RecordingsOptions { MappingFiles = [t.File("continent.csv")] });

        Assert.Equal(13, ds.Count);
        Assert.Equal(["composer", "orchestra", "continent", "part"], ds.LabelColumns);
        var a = Enumerable.Range(0, 10).ToArray();
        Assert.Equal(Enumerable.Range(0, 10), a.Select(i => ds.Examples[i].ClipIndex));
        Assert.All(a, i => Assert.Equal(Path.GetFullPath(t.File("audio/a.wav")), ds.Examples[i].AudioPath));
        Assert.Equal("audio/a.wav#3", ds.Examples[3].Id);
        // 41.5 s: midpoints 2, 6, …, 38 s against thirds at 13.83 s and 27.67 s → 3 beginning, 4 middle, 3 end; b (12 s): one each.
        var part = ds.Task("part")!;
        Assert.Equal(["beginning", "middle", "end"], part.Task.Classes);
        Assert.Equal(new long[] { 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 0, 1, 2 }, part.Codes);
        Assert.Equal("Europe", ds.LabelRows[0][2]);
        Assert.Equal("America", ds.LabelRows[12][2]);
        Assert.Equal(["America", "Europe"], ds.Task("continent")!.Task.Classes);
        Assert.Equal(["Bach", "Haydn"], ds.Task("composer")!.Task.Classes);
        Assert.Equal(2, ds.GroupTask!.Task.Classes.Count);
        Assert.Equal("recording", ds.GroupTask.Task.Name);

        var padded = Load(t.File("rec.csv"), new RecordingsOptions { PartialClip = PartialClipPolicy.ZeroPad, MappingFiles = [t.File("continent.csv")] });
        Assert.Equal(11 + 3 + 1, padded.Count);
    }

    [Fact]
    public void PartsOfARecordingOfKnownLengthAreThirds()
    {
        // 40 s, 10 clips: midpoints 2..38 s against 13.3 s / 26.7 s → 3 / 4 / 3.
        var parts = Enumerable.Range(0, 10).Select(i => RecordingPart.Of(i, 4 * Sr, 40L * Sr)).ToArray();
        Assert.Equal([0, 0, 0, 1, 1, 1, 1, 2, 2, 2], parts);
        Assert.Equal(1, RecordingPart.Of(0, 4 * Sr, 4L * Sr)); // a single clip: its midpoint (2 s of 4 s) is in the middle third
    }

    [Fact]
    public void ClipsCsvTakesEachRowAsOneClip()
    {
        using var t = new TempDir();
        Tone(t.File("x.wav"), 4); Tone(t.File("y.wav"), 5);
        File.WriteAllText(t.File("clips.csv"), $"symphony,path\n9,x.wav\n5,{t.File("y.wav")}\n");
        var ds = Load(t.File("clips.csv"), new RecordingsOptions { CutIntoClips = false, GroupColumn = "symphony" });
        Assert.Equal(2, ds.Count);
        Assert.Equal(["symphony"], ds.LabelColumns);
        Assert.Equal("symphony", ds.GroupTask!.Task.Name);
        Assert.DoesNotContain(ds.Tasks, x => x.Task.Name == "part");
    }

    [Fact]
    public void BadCsvsGiveOneLineErrorsNamingRowAndColumn()
    {
        using var t = new TempDir();
        Tone(t.File("x.wav"), 4);
        string Error(string csv, RecordingsOptions? o = null)
        {
            File.WriteAllText(t.File("r.csv"), csv);
            var e = Assert.Throws<ConcordException>(() => Load(t.File("r.csv"), o));
            Assert.DoesNotContain('\n', e.Message);
            return e.Message;
        }
        Assert.Contains("row 3: column 'composer' is empty", Error("path,composer\nx.wav,Bach\nx.wav,\n"));
        Assert.Contains("missing column 'path'", Error("file,composer\nx.wav,Bach\n"));
        Assert.Contains("row 2: column 'path': audio file", Error("path,composer\nmissing.wav,Bach\n"));
        Assert.Contains("empty dataset", Error("path,composer\n"));
        Assert.Contains("row 2: 1 cells", Error("path,composer\nx.wav\n"));
        File.WriteAllText(t.File("m.csv"), "composer,era\nHaydn,Classical\n");
        Assert.Contains("row 2: column 'composer': value 'Bach' has no entry in mapping file", Error("path,composer\nx.wav,Bach\n", new RecordingsOptions { MappingFiles = [t.File("m.csv")] }));
        File.WriteAllText(t.File("m.csv"), "orchestra,continent\nA,B\n");
        Assert.Contains("source column 'orchestra' is not a label column", Error("path,composer\nx.wav,Bach\n", new RecordingsOptions { MappingFiles = [t.File("m.csv")] }));
        Assert.Contains("empty dataset: no recording is at least one 5 s clip long", Error("path,composer\nx.wav,Bach\n", new RecordingsOptions { ClipSeconds = 5 }));
    }
}
