using System.Text.Json.Nodes;
using Concord.Datasets;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Datasets;

public class NSynthDatasetTests
{
    [Fact]
    public void ReadsTheFixtureExactly()
    {
        string? fixture = TestPaths.NSynthFixture();
        if (fixture is null) return; // shared fixture absent: nothing to check
        var ds = NSynthDataset.Load(fixture);
        Assert.Equal(240, ds.Notes.Count);
        Assert.All(ds.Notes.GroupBy(n => n.InstrumentFamilyStr), g => Assert.Equal(30, g.Count()));
        Assert.Equal(8, ds.Notes.Select(n => n.InstrumentFamily).Distinct().Count());
        Assert.Equal(32, ds.Notes.Select(n => n.Instrument).Distinct().Count());
        Assert.Equal([25, 50, 75, 100, 127], ds.Notes.Select(n => n.Velocity).Distinct().Order());

        // Spot checks against the fixture's examples.json / README.
        var first = ds.Notes[0];
        Assert.Equal(new NSynthNote(0, "brass_acoustic_000-028-025", 0, "brass_acoustic_000", 28, 25, 16000, first.Qualities, first.QualitiesStr,
            1, "brass", 0, "acoustic"), first);
        Assert.Equal(new int[10], first.Qualities);
        Assert.Empty(first.QualitiesStr);
        var k = ds.Notes.Single(n => n.NoteStr == "keyboard_acoustic_001-049-025");
        Assert.Equal((100, 13, 49, 25, 4, "keyboard"), (k.Note, k.Instrument, k.Pitch, k.Velocity, k.InstrumentFamily, k.InstrumentFamilyStr));
        Assert.All(ds.Notes.Where(n => n.InstrumentStr == "mallet_acoustic_000"), n => Assert.InRange(n.Pitch, 79, 108));

        var kept = ds.Select(new NSynthFilterOptions());
        Assert.Equal(240, kept.Count); // acoustic, no bass/organ in the fixture
        ds.VerifyAudio(kept);
        var labelled = ds.ToLabelled(kept);
        var family = labelled.Task("instrument_family")!;
        Assert.Equal(["brass", "flute", "guitar", "keyboard", "mallet", "reed", "string", "vocal"], family.Task.Classes);
        Assert.Equal(0, family.Codes[0]);
        Assert.Equal(32, labelled.GroupTask!.Task.Classes.Count);
        Assert.Equal(28.0, labelled.Task("pitch")!.Values[0]);
        Assert.EndsWith(Path.Combine("audio", "brass_acoustic_000-028-025.wav"), labelled.Examples[0].AudioPath);
    }

    [Fact]
    public void FiltersReproduceThePaperSubset()
    {
        using var t = new TempDir();
        var notes = new List<JsonObject>();
        int id = 0;
        foreach (var (fam, famId) in new[] { ("bass", 0), ("brass", 1), ("organ", 6), ("reed", 7) })
            for (int p = 40; p < 50; p++)
            {
                notes.Add(NSynthTestData.Note(id++, fam, famId, famId, p, 100, source: 0));
                notes.Add(NSynthTestData.Note(id++, fam, famId, famId + 20, p, 100, source: 1));
            }
        NSynthTestData.Write(t.Path, notes);
        var ds = NSynthDataset.Load(t.Path);
        var all = ds.Select(new NSynthFilterOptions());
        Assert.Equal(20, all.Count);
        Assert.All(all, n => Assert.True(n.InstrumentSource == 0 && n.InstrumentFamily is 1 or 7));
        var sub = ds.Select(new NSynthFilterOptions { Limit = 7, Seed = 3 });
        Assert.Equal(7, sub.Count);
        Assert.Equal(sub, ds.Select(new NSynthFilterOptions { Limit = 7, Seed = 3 }));
        Assert.NotEqual(sub, ds.Select(new NSynthFilterOptions { Limit = 7, Seed = 4 }));
        var expected = new LegacyNumpyRandom(3).Choice(20, 7).Select(i => all[(int)i].NoteStr);
        Assert.Equal(expected, sub.Select(n => n.NoteStr));
        Assert.Equal(40, ds.Select(new NSynthFilterOptions { AcousticOnly = false, ExcludedFamilies = [0, 6] }).Count);
    }

    [Theory]
    [InlineData("pitch", null, "field 'pitch': missing field")]
    [InlineData("pitch", "\"60\"", "field 'pitch': expected an integer, found string \"60\"")]
    [InlineData("velocity", "1.5", "field 'velocity': expected an integer, found number 1.5")]
    [InlineData("pitch", "200", "field 'pitch': 200 is outside [0, 127]")]
    [InlineData("qualities", "3", "field 'qualities': expected an array of integers, found number 3")]
    [InlineData("qualities_str", "[1]", "field 'qualities_str': expected an array of strings, found an element number 1")]
    [InlineData("instrument_family_str", "null", "field 'instrument_family_str': expected a string, found null")]
    public void BadFieldGivesOneLineErrorNamingFileNoteAndField(string field, string? json, string expected)
    {
        using var t = new TempDir();
        var good = NSynthTestData.Note(0, pitch: 61);
        var bad = NSynthTestData.Note(1);
        if (json is null) bad.Remove(field); else bad[field] = JsonNode.Parse(json);
        NSynthTestData.Write(t.Path, [good, bad]);
        var e = Assert.Throws<ConcordException>(() => NSynthDataset.Load(t.Path));
        Assert.Equal($"{Path.Combine(t.Path, "examples.json")}: note 'brass_acoustic_000-060-100': {expected}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void DuplicateNoteStrIsRejected()
    {
        using var t = new TempDir();
        var a = NSynthTestData.Note(0);
        string json = "{\"k\":" + a.ToJsonString() + "}";
        // Two keys carrying the same note_str, and a literal duplicate key.
        var b = NSynthTestData.Note(1);
        File.WriteAllText(t.File("examples.json"), "{\"brass_acoustic_000-060-100\":" + a.ToJsonString() + ",\"brass_acoustic_000-060-100\":" + b.ToJsonString() + "}");
        var e = Assert.Throws<ConcordException>(() => NSynthDataset.Load(t.Path));
        Assert.Contains("note 'brass_acoustic_000-060-100': field 'note_str': duplicate note_str", e.Message);
        File.WriteAllText(t.File("examples.json"), json);
        e = Assert.Throws<ConcordException>(() => NSynthDataset.Load(t.Path));
        Assert.Contains("note 'k': field 'note_str': 'brass_acoustic_000-060-100' differs from its key", e.Message);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../b")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData("sub\\x")]
    public void NoteStrEscapingTheAudioFolderIsRejected(string noteStr)
    {
        using var t = new TempDir();
        var n = NSynthTestData.Note(0);
        n["note_str"] = noteStr;
        NSynthTestData.Write(t.Path, [n], touchAudio: false);
        var e = Assert.Throws<ConcordException>(() => NSynthDataset.Load(t.Path));
        Assert.Contains("field 'note_str'", e.Message);
        Assert.Contains("would escape the audio folder", e.Message);
    }

    [Fact]
    public void AbsentAudioFileIsNamed()
    {
        using var t = new TempDir();
        NSynthTestData.Write(t.Path, [NSynthTestData.Note(0, pitch: 50), NSynthTestData.Note(1, pitch: 51)]);
        string missing = Path.Combine(t.Path, "audio", "brass_acoustic_000-051-100.wav");
        File.Delete(missing);
        var ds = NSynthDataset.Load(t.Path);
        var e = Assert.Throws<ConcordException>(() => ds.VerifyAudio(ds.Notes));
        Assert.StartsWith(missing + ": audio file listed in", e.Message);
        Assert.Contains("brass_acoustic_000-051-100", e.Message);
    }

    [Fact]
    public void EmptyDatasetsAndBadRootsAreErrors()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("examples.json"), "{}");
        Assert.Contains("empty dataset", Assert.Throws<ConcordException>(() => NSynthDataset.Load(t.Path)).Message);
        File.WriteAllText(t.File("examples.json"), "[]");
        Assert.Contains("expected a JSON object", Assert.Throws<ConcordException>(() => NSynthDataset.Load(t.Path)).Message);
        File.WriteAllText(t.File("examples.json"), "{\"a\": ");
        Assert.Contains("invalid JSON", Assert.Throws<ConcordException>(() => NSynthDataset.Load(t.Path)).Message);
        File.Delete(t.File("examples.json"));
        Assert.Contains("examples.json: file not found", Assert.Throws<ConcordException>(() => NSynthDataset.Load(t.Path)).Message);

        NSynthTestData.Write(t.Path, [NSynthTestData.Note(0, "bass", 0)]);
        var ds = NSynthDataset.Load(t.Path);
        Assert.Contains("no notes left after the filters", Assert.Throws<ConcordException>(() => ds.Select(new NSynthFilterOptions())).Message);
    }
}
