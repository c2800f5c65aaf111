using System.Security.Cryptography;
using Concord.Audio;
using Concord.Datasets;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Datasets;

public class SynthDatasetTests
{
    [Fact]
    public void PlanCoversFamiliesInstrumentsPitchRangesAndVelocities()
    {
        var notes = SynthDataset.Plan(new SynthDatasetOptions { Notes = 400, Seed = 3 });
        Assert.Equal(400, notes.Count);
        Assert.Equal(Enumerable.Range(0, 400), notes.Select(n => n.Note));
        Assert.Equal(400, notes.Select(n => n.NoteStr).Distinct().Count());
        var families = notes.GroupBy(n => n.InstrumentFamilyStr).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(["brass", "flute", "guitar", "keyboard", "mallet", "reed", "string", "vocal"], families.Keys.Order());
        Assert.All(families.Values, f =>
        {
            Assert.Equal(50, f.Count);
            Assert.Equal(4, f.Select(n => n.Instrument).Distinct().Count());
            Assert.Equal([25, 50, 75, 100, 127], f.Select(n => n.Velocity).Distinct().Order());
            Assert.True(f.Max(n => n.Pitch) - f.Min(n => n.Pitch) >= 20, "pitches spread over the family range");
        });
        Assert.All(notes, n => Assert.Equal(NSynthFamilies.Names[n.InstrumentFamily], n.InstrumentFamilyStr));
        Assert.All(notes, n => Assert.StartsWith(n.InstrumentStr + "-", n.NoteStr));
    }

    [Fact]
    public void RenderIsDeterministicFullLengthAndSeedDependent()
    {
        var o = new SynthDatasetOptions { Notes = 16, Seed = 1 };
        var plan = SynthDataset.Plan(o);
        foreach (var note in plan.Where((_, i) => i % 2 == 0)) // one note of each family
        {
            var a = SynthDataset.Render(note, o);
            Assert.Equal(64000, a.Length);
            Assert.Equal(a, SynthDataset.Render(note, o));
            Assert.All(a, s => Assert.True(float.IsFinite(s) && Math.Abs(s) < 1));
            double held = Rms(a.AsSpan(0, 4000)), released = Rms(a.AsSpan(62000, 2000));
            Assert.True(held > 5 * released, $"{note.NoteStr}: sounds at the start ({held:E2}) and decays in the release ({released:E2})");
        }
        var other = SynthDataset.Plan(o with { Seed = 2 });
        Assert.NotEqual(SynthDataset.Render(plan[0], o), SynthDataset.Render(other[0], o with { Seed = 2 }));
    }

    [Fact]
    public void WriteIsByteIdenticalForTheSameSeedAndReadsAsNSynth()
    {
        using var t = new TempDir();
        var o = new SynthDatasetOptions { Notes = 8, Seed = 7 };
        SynthDataset.Write(t.File("a"), o);
        SynthDataset.Write(t.File("b"), o);
        SynthDataset.Write(t.File("c"), o with { Seed = 8 });
        Assert.Equal(Digest(t.File("a")), Digest(t.File("b")));
        Assert.NotEqual(Digest(t.File("a")), Digest(t.File("c")));

        var ds = NSynthDataset.Load(t.File("a"));
        Assert.Equal(8, ds.Notes.Count);
        var kept = ds.Select(new NSynthFilterOptions());
        Assert.Equal(8, kept.Count);          // acoustic, no bass/organ: passes the paper's filters
        ds.VerifyAudio(kept);
        var clip = AudioFile.Load(ds.AudioPath(kept[0]));
        Assert.Equal((16000, 64000, 1), (clip.SampleRateHz, clip.Samples.Length, clip.SourceChannels));
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        Assert.Throws<ConcordException>(() => SynthDataset.Plan(new SynthDatasetOptions { Notes = 3 }));
        Assert.Contains("distinct pitch/velocity pairs", Assert.Throws<ConcordException>(() =>
            SynthDataset.Plan(new SynthDatasetOptions { Notes = 8 * 1000, InstrumentsPerFamily = 1 })).Message);
    }

    private static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (float v in x) s += v * v;
        return Math.Sqrt(s / x.Length);
    }

    /// <summary>SHA-256 over every file's relative path and content.</summary>
    private static string Digest(string dir)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(dir, f)));
            sha.AppendData(File.ReadAllBytes(f));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
