using Concord.Audio;
using Concord.Datasets;
using Concord.Features;
using Concord.IO;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Features;

/// <summary><c>prepare --features</c>: feature files in the cache, equal to the per-clip front end, resumable and idempotent.</summary>
public sealed class CacheFeaturesTests
{
    [Fact]
    public void Prepare_WritesEveryFeature_Resumes_AndIsUpToDateOnRerun()
    {
        using var tmp = new TempDir();
        string data = tmp.File("synth"), cache = tmp.File("cache");
        SynthDataset.Write(data, new SynthDatasetOptions { Notes = 24 });
        var prepare = PrepareOptions.ForProfile(DatasetProfile.Paper) with { BlockSize = 8 };
        DatasetPreparer.Prepare(data, cache, prepare);
        var options = FeatureOptions.For(FeatureProfile.Paper);
        var features = FeatureRegistry.Default.Resolve("rms,spectral_rolloff,time_to_70db,wavelet_combined");

        var first = CacheFeatures.Prepare(data, cache, prepare, options, features);
        Assert.False(first.UpToDate);
        Assert.Equal(24, first.ComputedClips);
        Assert.False(Directory.Exists(Path.Combine(cache, "features.parts")));
        var rolloff = Npy.Read<float>(CacheLayout.Feature(cache, "spectral_rolloff"));
        Assert.Equal(new long[] { 24, 128 }, rolloff.Shape);
        Assert.Equal(new long[] { 24, 768 }, Npy.Read<float>(CacheLayout.Feature(cache, "wavelet_combined")).Shape);

        // row 5 equals the front end applied to that example's audio
        var labels = File.ReadAllLines(CacheLayout.LabelsCsv(cache));
        string path = labels[1 + 5].Split(',')[2].Trim('"');
        var clip = AudioFile.Load(path, 16000);
        var expected = new FeatureFrontEnd(prepare.Mel, options, features).Compute(clip.Samples, 16000);
        NumAssert.AllClose(expected[1].Select(v => (double)(float)v).ToArray(), rolloff.Data.AsSpan(5 * 128, 128).ToArray().Select(v => (double)v).ToArray(), 0, 0, "rolloff row 5");

        var again = CacheFeatures.Prepare(data, cache, prepare, options, features);
        Assert.True(again.UpToDate);

        // other feature options: the record no longer matches, everything is recomputed
        var other = CacheFeatures.Prepare(data, cache, prepare, options with { NeverReached = NeverReachedValue.FrameCount }, features);
        Assert.False(other.UpToDate);
        Assert.Equal(24, other.ComputedClips);
    }

    [Fact]
    public void KilledRun_ResumesFromCommittedBlocks()
    {
        using var tmp = new TempDir();
        string data = tmp.File("synth"), cache = tmp.File("cache");
        SynthDataset.Write(data, new SynthDatasetOptions { Notes = 16 });
        var prepare = PrepareOptions.ForProfile(DatasetProfile.Corrected) with { BlockSize = 8 };
        DatasetPreparer.Prepare(data, cache, prepare);
        var features = FeatureRegistry.Default.Resolve("mean_power,spectral_centroid");
        var options = new FeatureOptions();
        using (var cts = new CancellationTokenSource())
        {
            var progress = new SyncProgress(p => { if (p.Done >= 8) cts.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() => CacheFeatures.Prepare(data, cache, prepare, options, features, progress, cts.Token));
        }
        Assert.False(File.Exists(CacheLayout.Feature(cache, "mean_power")));
        var resumed = CacheFeatures.Prepare(data, cache, prepare, options, features);
        Assert.Equal(8, resumed.ReusedClips);
        Assert.Equal(8, resumed.ComputedClips);
        Assert.Equal(new long[] { 16, 128 }, Npy.Read<float>(CacheLayout.Feature(cache, "mean_power")).Shape);
    }

    [Fact]
    public void FeaturesInTheMelPass_EqualTheSeparatePass()
    {
        using var tmp = new TempDir();
        string data = tmp.File("synth"), separate = tmp.File("separate"), together = tmp.File("together");
        SynthDataset.Write(data, new SynthDatasetOptions { Notes = 20 });
        var prepare = PrepareOptions.ForProfile(DatasetProfile.Paper) with { BlockSize = 8 };
        var options = FeatureOptions.For(FeatureProfile.Paper);
        var features = FeatureRegistry.Default.Resolve("rms,spectral_centroid,mean_power,time_to_70db,wavelet_combined");
        DatasetPreparer.Prepare(data, separate, prepare);
        CacheFeatures.Prepare(data, separate, prepare, options, features);

        var parts = new CacheFeatures.FeatureParts(together, prepare, options, features);
        var melPass = DatasetPreparer.Prepare(data, together, prepare, alongside: parts);
        Assert.Equal(20, melPass.ComputedClips);
        Assert.Equal(20, melPass.FilesRead);        // one read per note: hashed from the bytes the mel pass decoded
        Assert.True(parts.Assembled);               // the feature files were written at the end of the mel pass
        Assert.False(Directory.Exists(Path.Combine(together, "features.parts")));
        Assert.Equal(File.ReadAllBytes(CacheLayout.Mel(separate)), File.ReadAllBytes(CacheLayout.Mel(together)));
        foreach (var f in features)
            Assert.Equal(File.ReadAllBytes(CacheLayout.Feature(separate, f.Name)), File.ReadAllBytes(CacheLayout.Feature(together, f.Name)));
        Assert.True(CacheFeatures.Prepare(data, together, prepare, options, features).UpToDate);
    }

    [Fact]
    public void FeaturesOfACache_ReadEachNoteOnce_AndRefuseAudioThatChangedSincePrepare()
    {
        using var tmp = new TempDir();
        string data = tmp.File("synth"), cache = tmp.File("cache");
        SynthDataset.Write(data, new SynthDatasetOptions { Notes = 12 });
        var prepare = PrepareOptions.ForProfile(DatasetProfile.Paper) with { BlockSize = 5 };
        var options = FeatureOptions.For(FeatureProfile.Paper);
        var features = FeatureRegistry.Default.Resolve("rms,mean_power");
        DatasetPreparer.Prepare(data, cache, prepare);
        var r = CacheFeatures.Prepare(data, cache, prepare, options, features);
        Assert.Equal((12, 12), (r.ComputedClips, r.FilesRead));

        // A note edited after prepare: its features would not belong to the cache's mel spectrograms.
        string other = tmp.File("other");
        DatasetPreparer.Prepare(data, other, prepare);
        string wav = Directory.GetFiles(Path.Combine(data, "audio")).Order(StringComparer.Ordinal).Last();
        var clip = AudioFile.Load(wav);
        clip.Samples[10] += 0.01f;
        WavWriter.Write(wav, clip.Samples, clip.SampleRateHz);
        var e = Assert.Throws<ConcordException>(() => CacheFeatures.Prepare(data, other, prepare, options, features));
        Assert.Contains("manifest.json", e.Message);
        Assert.Contains("rerun prepare", e.Message);
        Assert.False(File.Exists(CacheFeatures.ManifestPath(other)));
    }

    [Fact]
    public void KilledAfterTheMelCacheWasWritten_TheFeaturesResumeFromTheMelPassParts()
    {
        using var tmp = new TempDir();
        string data = tmp.File("synth"), cache = tmp.File("cache"), fresh = tmp.File("fresh");
        SynthDataset.Write(data, new SynthDatasetOptions { Notes = 12 });
        var prepare = PrepareOptions.ForProfile(DatasetProfile.Paper) with { BlockSize = 5 };
        var options = FeatureOptions.For(FeatureProfile.Paper);
        var features = FeatureRegistry.Default.Resolve("rms,mean_power,spectral_centroid");

        // Killed between the mel cache's manifest and the feature files: the feature parts and their marks are committed.
        var parts = new CacheFeatures.FeatureParts(cache, prepare, options, features);
        Assert.ThrowsAny<OperationCanceledException>(() => DatasetPreparer.Prepare(data, cache, prepare, alongside: new KilledAtEnd(parts)));
        Assert.True(File.Exists(CacheLayout.Manifest(cache)));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(cache, "features.parts"), "part-*.inputs").Length);

        var resumed = CacheFeatures.Prepare(data, cache, prepare, options, features);
        Assert.Equal((0, 12, 12), (resumed.ComputedClips, resumed.ReusedClips, resumed.FilesRead));   // hashed to check, not decoded
        DatasetPreparer.Prepare(data, fresh, prepare);
        CacheFeatures.Prepare(data, fresh, prepare, options, features);
        foreach (var f in features)
            Assert.Equal(File.ReadAllBytes(CacheLayout.Feature(fresh, f.Name)), File.ReadAllBytes(CacheLayout.Feature(cache, f.Name)));
        Assert.Equal(File.ReadAllText(CacheFeatures.ManifestPath(fresh)), File.ReadAllText(CacheFeatures.ManifestPath(cache)));
    }

    /// <summary>A feature stage killed at its last step.</summary>
    private sealed class KilledAtEnd(IClipStage inner) : IClipStage
    {
        public void Begin(string examplesSha256, string optionsSha256, int count, int mels, int frames) => inner.Begin(examplesSha256, optionsSha256, count, mels, frames);
        public string? CommittedInputs(int block, int rows) => inner.CommittedInputs(block, rows);
        public void BeginBlock(int block, int rows) => inner.BeginBlock(block, rows);
        public Concord.Spectral.Spectrogram Compute(int row, float[] samples, int sampleRateHz) => inner.Compute(row, samples, sampleRateHz);
        public void CommitBlock(string inputsSha256) => inner.CommitBlock(inputsSha256);
        public void End(string inputSha256, int blocks) => throw new OperationCanceledException("killed");
        public void Discard() => inner.Discard();
    }

    [Fact]
    public void BadAudioInTheMelPass_LeavesNoFeatureParts()
    {
        using var tmp = new TempDir();
        string data = tmp.File("synth"), cache = tmp.File("cache");
        SynthDataset.Write(data, new SynthDatasetOptions { Notes = 8 });
        string[] wavs = Directory.GetFiles(Path.Combine(data, "audio")).Order(StringComparer.Ordinal).ToArray();
        File.WriteAllBytes(wavs[^1], "RIFF\x10\0\0\0WAVEjunk"u8.ToArray());
        var prepare = PrepareOptions.ForProfile(DatasetProfile.Paper) with { BlockSize = 2 };
        var parts = new CacheFeatures.FeatureParts(cache, prepare, FeatureOptions.For(FeatureProfile.Paper), FeatureRegistry.Default.Resolve("rms,mean_power"));
        var e = Assert.Throws<ConcordException>(() => DatasetPreparer.Prepare(data, cache, prepare, alongside: parts));
        Assert.Contains(Path.GetFileName(wavs[^1]), e.Message);
        Assert.False(Directory.Exists(cache));
    }

    private sealed class SyncProgress(Action<PrepareProgress> report) : IProgress<PrepareProgress>
    {
        public void Report(PrepareProgress value) => report(value);
    }
}
