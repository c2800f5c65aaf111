using System.Text.Json;
using Concord.Audio;
using Concord.Datasets;
using Concord.IO;
using Concord.Spectral;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Datasets;

public class DatasetPreparerTests
{
    private static PrepareOptions Options => PrepareOptions.ForProfile(DatasetProfile.Corrected) with { BlockSize = 5 };

    private static string Synth(TempDir t, int notes = 16)
    {
        string dir = t.File("synth");
        SynthDataset.Write(dir, new SynthDatasetOptions { Notes = notes, Seed = 11 });
        return dir;
    }

    [Fact]
    public void PreparesAnNSynthFolderIntoTheCacheLayout()
    {
        using var t = new TempDir();
        string data = Synth(t);
        var r = DatasetPreparer.Prepare(data, t.File("cache"), Options);
        Assert.False(r.UpToDate);
        Assert.Equal((16, 0), (r.ComputedClips, r.ReusedClips));

        var cache = PreparedCache.Open(t.File("cache"));
        Assert.Equal((16, 128, 128, 16000), (cache.Count, cache.Mels, cache.Frames, cache.SampleRateHz));
        Assert.Equal(new long[] { 16, 128, 128 }, Npy.ReadHeader(CacheLayout.Mel(cache.Directory)).Shape);
        var examples = cache.Examples();
        var mel = new MelSpectrogram(new MelSpectrogramOptions(), 16000);
        foreach (int i in new[] { 0, 7, 15 })
            Assert.Equal(mel.ComputeDecibels(AudioFile.Load(examples[i].AudioPath).Samples).Values, cache.ReadMel(i));

        Assert.Equal(["instrument_family", "pitch", "velocity", "instrument"], cache.Tasks.Select(x => x.Name));
        Assert.Equal([TaskKind.Classification, TaskKind.Regression, TaskKind.Regression, TaskKind.Group], cache.Tasks.Select(x => x.Kind));
        var notes = NSynthDataset.Load(data).Notes;
        Assert.Equal(notes.Select(n => (double)n.Pitch), cache.LoadValues("pitch"));
        var family = cache.LoadCodes("instrument_family");
        Assert.Equal(notes.Select(n => cache.Task("instrument_family").Classes[(int)family[n.Note]]), notes.Select(n => n.InstrumentFamilyStr));
        Assert.Equal(notes.Select(n => n.NoteStr), examples.Select(e => e.Id));

        var train = cache.TrainIndices(); var test = cache.TestIndices();
        Assert.Equal(5, test.Length);
        Assert.Equal(new LegacyNumpyRandom(17).Choice(16, 5).Order(), test);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (long)i), train.Concat(test).Order());

        var m = cache.Manifest;
        Assert.Equal(CacheLayout.FormatVersion, m.FormatVersion);
        Assert.Equal(64, m.InputSha256.Length);
        Assert.Equal(16, m.AudioFileCount);
        Assert.Contains("examples.json", m.IndexFiles.Keys);
        // The input hash, recomputed from the files on disk: the hashes taken from the bytes that were parsed and decoded
        // must be those of the whole files.
        static string Sha(byte[] b) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(b));
        var lines = new System.Text.StringBuilder($"examples.json\t{Sha(File.ReadAllBytes(Path.Combine(data, "examples.json")))}\n");
        foreach (var e in examples.Select(e => e.AudioPath).Distinct())
            lines.Append(Path.GetRelativePath(data, e)).Append('\t').Append(Sha(File.ReadAllBytes(e))).Append('\n');
        Assert.Equal(Sha(System.Text.Encoding.UTF8.GetBytes(lines.ToString())), m.InputSha256);
        Assert.Contains("NVorbis", m.Packages.Keys);
        Assert.Equal("constant", m.Options["mel"]!["pad_mode"]!.GetValue<string>());
        Assert.False(Directory.Exists(Path.Combine(cache.Directory, "mel.parts")));
        Assert.Empty(Directory.EnumerateFiles(cache.Directory, "*.tmp-*", SearchOption.AllDirectories));
        string header = File.ReadLines(CacheLayout.LabelsCsv(cache.Directory)).First();
        Assert.StartsWith("index,id,path,clip,note,instrument,instrument_str,pitch,velocity", header);
    }

    [Fact]
    public void RerunDoesNoWorkUntilInputsOrOptionsChange()
    {
        using var t = new TempDir();
        string data = Synth(t, 8);
        DatasetPreparer.Prepare(data, t.File("cache"), Options);
        var stamp = File.GetLastWriteTimeUtc(CacheLayout.Mel(t.File("cache")));
        var again = DatasetPreparer.Prepare(data, t.File("cache"), Options);
        Assert.True(again.UpToDate);
        Assert.Equal(0, again.ComputedClips);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(CacheLayout.Mel(t.File("cache"))));

        var reflect = DatasetPreparer.Prepare(data, t.File("cache"), Options with { Mel = new MelSpectrogramOptions { PadMode = PadMode.Reflect } });
        Assert.False(reflect.UpToDate);
        Assert.Equal(8, reflect.ComputedClips);

        string wav = Directory.GetFiles(Path.Combine(data, "audio"))[0];
        var clip = AudioFile.Load(wav);
        clip.Samples[100] += 0.01f;
        WavWriter.Write(wav, clip.Samples, clip.SampleRateHz);
        var changed = DatasetPreparer.Prepare(data, t.File("cache"), Options with { Mel = new MelSpectrogramOptions { PadMode = PadMode.Reflect } });
        Assert.False(changed.UpToDate);
    }

    [Fact]
    public void ResumesFromCommittedBlocksAfterAnInterruption()
    {
        using var t = new TempDir();
        string data = Synth(t);
        InterruptAfterTenClips(data, t.File("cache"));
        Assert.False(File.Exists(CacheLayout.Manifest(t.File("cache"))));
        Assert.False(File.Exists(CacheLayout.Mel(t.File("cache"))));

        var resumed = DatasetPreparer.Prepare(data, t.File("cache"), Options);
        Assert.Equal((6, 10), (resumed.ComputedClips, resumed.ReusedClips));
        DatasetPreparer.Prepare(data, t.File("fresh"), Options);
        Assert.Equal(File.ReadAllBytes(CacheLayout.Mel(t.File("fresh"))), File.ReadAllBytes(CacheLayout.Mel(t.File("cache"))));
    }

    [Fact]
    public void EachAudioFileIsReadOnce_Fresh_UpToDate_AndResumed()
    {
        using var t = new TempDir();
        string data = Synth(t);
        var fresh = DatasetPreparer.Prepare(data, t.File("cache"), Options);
        Assert.Equal((16, 16), (fresh.ComputedClips, fresh.FilesRead));     // hashed from the decoded bytes, not read twice
        var again = DatasetPreparer.Prepare(data, t.File("cache"), Options);
        Assert.Equal((true, 16), (again.UpToDate, again.FilesRead));       // hashed to compare, never decoded

        InterruptAfterTenClips(data, t.File("resumed"));
        var resumed = DatasetPreparer.Prepare(data, t.File("resumed"), Options);
        Assert.Equal((6, 10, 16), (resumed.ComputedClips, resumed.ReusedClips, resumed.FilesRead));
        Assert.Equal(fresh.Manifest.InputSha256, resumed.Manifest.InputSha256);
    }

    [Fact]
    public void ResumeRecomputesACommittedBlockWhoseAudioChangedOrWhoseDigestIsMissing()
    {
        using var t = new TempDir();
        string data = Synth(t);
        InterruptAfterTenClips(data, t.File("cache"));
        string parts = Path.Combine(t.File("cache"), "mel.parts");
        Assert.True(File.Exists(Path.Combine(parts, "part-00000.inputs")));
        Assert.True(File.Exists(Path.Combine(parts, "part-00001.inputs")));

        // A note of block 0 edited while the run was stopped; block 1's digest lost (as if killed between part and digest).
        string wav = DatasetPreparer.LoadDataset(data, Options).Examples[2].AudioPath;
        var clip = AudioFile.Load(wav);
        for (int i = 0; i < clip.Samples.Length; i++) clip.Samples[i] *= 0.5f;
        WavWriter.Write(wav, clip.Samples, clip.SampleRateHz);
        File.Delete(Path.Combine(parts, "part-00001.inputs"));

        var resumed = DatasetPreparer.Prepare(data, t.File("cache"), Options);
        Assert.Equal((16, 0), (resumed.ComputedClips, resumed.ReusedClips));
        var fresh = DatasetPreparer.Prepare(data, t.File("fresh"), Options);
        Assert.Equal(File.ReadAllBytes(CacheLayout.Mel(t.File("fresh"))), File.ReadAllBytes(CacheLayout.Mel(t.File("cache"))));
        Assert.Equal(fresh.Manifest.InputSha256, resumed.Manifest.InputSha256);
    }

    [Fact]
    public void ARecordingWhoseClipsSpanBlocksIsDecodedOnce()
    {
        using var t = new TempDir();
        WriteTwoRecordings(t);
        var options = Options with { Dataset = DatasetKind.Recordings, Split = new SplitOptions { Kind = SplitKind.Group } };
        // Blocks of two clips: [a0 a1] [a2 b0] [b1]: both recordings continue into the next block.
        var small = DatasetPreparer.Prepare(t.File("rec.csv"), t.File("small"), options with { BlockSize = 2 });
        Assert.Equal((5, 2), (small.ComputedClips, small.FilesRead));
        var whole = DatasetPreparer.Prepare(t.File("rec.csv"), t.File("whole"), options with { BlockSize = 64 });
        Assert.Equal(File.ReadAllBytes(CacheLayout.Mel(t.File("whole"))), File.ReadAllBytes(CacheLayout.Mel(t.File("small"))));
        Assert.Equal(whole.Manifest.InputSha256, small.Manifest.InputSha256);
    }

    [Fact]
    public void BadAudioLeavesNoPartialOutput()
    {
        using var t = new TempDir();
        string data = Synth(t, 8);
        string[] wavs = Directory.GetFiles(Path.Combine(data, "audio")).Order(StringComparer.Ordinal).ToArray();
        File.WriteAllBytes(wavs[^1], "RIFF\x10\0\0\0WAVEjunk"u8.ToArray());
        var e = Assert.Throws<ConcordException>(() => DatasetPreparer.Prepare(data, t.File("cache"), Options with { BlockSize = 2 }));
        Assert.Contains(Path.GetFileName(wavs[^1]), e.Message);
        Assert.False(Directory.Exists(t.File("cache")));

        File.Delete(wavs[^1]);
        e = Assert.Throws<ConcordException>(() => DatasetPreparer.Prepare(data, t.File("cache"), Options));
        Assert.Contains("is missing", e.Message);
        Assert.False(Directory.Exists(t.File("cache")));
    }

    [Fact]
    public void UnwritableOutputFolderIsAOneLineError()
    {
        using var t = new TempDir();
        string data = Synth(t, 8);
        File.WriteAllText(t.File("plain-file"), "x");
        var e = Assert.Throws<ConcordException>(() => DatasetPreparer.Prepare(data, Path.Combine(t.File("plain-file"), "sub"), Options));
        Assert.Contains("not writable", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void OpeningAnOlderFormatIsAClearError()
    {
        using var t = new TempDir();
        string data = Synth(t, 8);
        DatasetPreparer.Prepare(data, t.File("cache"), Options);
        string manifest = CacheLayout.Manifest(t.File("cache"));
        var doc = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
        doc["format_version"] = CacheLayout.FormatVersion - 1;
        File.WriteAllText(manifest, doc.ToJsonString());
        var e = Assert.Throws<ConcordException>(() => PreparedCache.Open(t.File("cache")));
        Assert.Contains("field 'format_version'", e.Message);
        Assert.Contains("older", e.Message);
        Assert.Contains("not found", Assert.Throws<ConcordException>(() => PreparedCache.Open(t.File("nothing"))).Message);
    }

    [Fact]
    public void PreparesTheFixtureSubset()
    {
        string? fixture = TestPaths.NSynthFixture();
        if (fixture is null) return;
        using var t = new TempDir();
        var r = DatasetPreparer.Prepare(fixture, t.File("cache"), Options with { Limit = 24, BlockSize = 256 });
        var cache = PreparedCache.Open(r.Cache);
        Assert.Equal((24, 128, 128), (cache.Count, cache.Mels, cache.Frames));
        var all = NSynthDataset.Load(fixture).Notes;
        var chosen = new LegacyNumpyRandom(17).Choice(240, 24).Select(i => all[(int)i].NoteStr);
        Assert.Equal(chosen, cache.Examples().Select(e => e.Id));
        Assert.Equal(17, cache.TrainIndices().Length);
        Assert.All(cache.ReadMel(0), v => Assert.InRange(v, -80f, 0f));
    }

    [Fact]
    public void PreparesRecordingsAt22kHz()
    {
        using var t = new TempDir();
        WriteTwoRecordings(t);
        var r = DatasetPreparer.Prepare(t.File("rec.csv"), t.File("cache"), Options with { Dataset = DatasetKind.Recordings, Split = new SplitOptions { Kind = SplitKind.Group } });
        var cache = PreparedCache.Open(r.Cache);
        Assert.Equal((5, 128, 176, 22050), (cache.Count, cache.Mels, cache.Frames, cache.SampleRateHz));
        Assert.Equal(["composer", "part", "recording"], cache.Tasks.Select(x => x.Name));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(t.File("rec.csv")))), cache.Manifest.IndexFiles["rec.csv"]);
        var rec = cache.LoadCodes("recording");
        Assert.Empty(cache.TrainIndices().Select(i => rec[i]).Intersect(cache.TestIndices().Select(i => rec[i])));
        Assert.Equal(new long[] { 0, 1, 2, 0, 2 }, cache.LoadCodes("part"));
        Assert.Equal(new MelSpectrogram(new MelSpectrogramOptions(), 22050).ComputeDecibels(AudioFile.Load(t.File("a.wav"), 22050).Samples.AsSpan(4 * 22050, 4 * 22050)).Values, cache.ReadMel(1));
    }

    [Theory]
    [InlineData(PartialClipPolicy.Drop)]
    [InlineData(PartialClipPolicy.ZeroPad)]
    public void AnMp3CutShortAfterItsTagIsAnErrorNamingIt_NotSilentClips(PartialClipPolicy policy)
    {
        // The VBR fixture's Xing tag declares 2 s; cut to 40 % of its bytes it decodes to well under 1 s, so with
        // 0.5 s clips listed from the tag, clip 2 lies past the end of the audio whatever the partial-clip policy.
        using var t = new TempDir();
        var bytes = File.ReadAllBytes(TestPaths.Reference("audio", "sine_stereo_48000_vbr.mp3"));
        File.WriteAllBytes(t.File("cut.mp3"), bytes[..(bytes.Length * 2 / 5)]);
        File.WriteAllText(t.File("rec.csv"), "path,composer\ncut.mp3,Haydn\n");
        Assert.Equal(96000, AudioFile.ReadInfo(t.File("cut.mp3")).SampleCount);   // the tag's length, not the audio's
        var options = Options with
        {
            Dataset = DatasetKind.Recordings, SampleRateHz = 22050,
            Recordings = new RecordingsOptions { ClipSeconds = 0.5, PartialClip = policy },
        };
        var e = Assert.Throws<ConcordException>(() => DatasetPreparer.Prepare(t.File("rec.csv"), t.File("cache"), options));
        Assert.StartsWith(t.File("cut.mp3") + ":", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.False(Directory.Exists(t.File("cache")));
    }

    [Fact]
    public void ClipShorterThanFourSecondsIsAnErrorNamingTheFile()
    {
        using var t = new TempDir();
        WavWriter.Write(t.File("ok.wav"), new float[22050 * 4], 22050);
        WavWriter.Write(t.File("short.wav"), new float[22050 * 3], 22050);
        File.WriteAllText(t.File("clips.csv"), "path,composer\nok.wav,Bach\nshort.wav,Haydn\n");
        var e = Assert.Throws<ConcordException>(() => DatasetPreparer.Prepare(t.File("clips.csv"), t.File("cache"), Options with { Dataset = DatasetKind.Clips }));
        Assert.StartsWith(t.File("short.wav") + ":", e.Message);
        Assert.Contains("shorter than the expected 4 s", e.Message);
        Assert.False(Directory.Exists(t.File("cache")));
    }

    /// <summary>Stops a prepare of <paramref name="data"/> into <paramref name="cache"/> once 10 clips (two blocks of 5) are committed.</summary>
    private static void InterruptAfterTenClips(string data, string cache)
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.Stage == "mel" && p.Done >= 10) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => DatasetPreparer.Prepare(data, cache, Options, progress, cts.Token));
    }

    /// <summary>rec.csv with two 22.05 kHz recordings: a.wav (13 s: clips 0–2) and b.wav (9 s: clips 0–1).</summary>
    private static void WriteTwoRecordings(TempDir t)
    {
        var x = new float[22050 * 13];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(0.3 * Math.Sin(2 * Math.PI * (200 + i / 1000.0) * i / 22050));
        WavWriter.Write(t.File("a.wav"), x, 22050);
        WavWriter.Write(t.File("b.wav"), x.AsSpan(0, 22050 * 9), 22050);
        File.WriteAllText(t.File("rec.csv"), "path,composer\na.wav,Haydn\nb.wav,Bach\n");
    }

    /// <summary>IProgress that reports synchronously on the calling thread.</summary>
    private sealed class SyncProgress(Action<PrepareProgress> report) : IProgress<PrepareProgress>
    {
        public void Report(PrepareProgress value) => report(value);
    }
}
