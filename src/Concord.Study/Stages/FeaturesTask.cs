using Concord.Audio;
using Concord.Datasets;
using Concord.Features;
using Concord.Spectral;
using Concord.Study.Config;
using Concord.Study.Running;

namespace Concord.Study.Stages;

/// <summary>
/// <c>features</c>: the hand-crafted features of every example of the prepared cache, as <c>features/&lt;name&gt;.npy</c>
/// float32 [N, d], computed from each example's audio by <see cref="FeatureFrontEnd"/> (mel-only sets come from the
/// cache's mel stack via <see cref="FeatureFiles.WriteMelStack"/>).
/// </summary>
public sealed record FeaturesTask : StudyTask
{
    /// <summary>The config.</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>The prepared dataset.</summary>
    public required PrepareTask Prepared { get; init; }
    /// <summary>Feature options.</summary>
    public required FeatureOptions Computation { get; init; }
    /// <summary>The built-in features computed here, sets expanded.</summary>
    public required IReadOnlyList<string> Builtin { get; init; }
    /// <summary>Features computed elsewhere, aligned to the dataset by example id (paths resolved).</summary>
    public IReadOnlyList<ExternalFeature> External { get; init; } = [];

    /// <summary>Every feature's name: the built-in ones, then the external ones.</summary>
    public IReadOnlyList<string> Names => [.. Builtin, .. External.Select(e => e.Name)];

    public override StudyTaskKind Kind => StudyTaskKind.Features;
    public override string Label => $"{Names.Count} hand-crafted features";
    public override IReadOnlyList<StudyTask> Inputs => [Prepared];
    public override double EstimatedSeconds => TaskCostModel.Features(Config);
    /// <summary>About one value per frame per feature (most features are traces over frames).</summary>
    public override long? EstimatedBytes => Prepared.InputSize is var (_, frames) ? 4L * TaskCostModel.Examples(Config) * frames * Names.Count : null;

    /// <summary>The task a config implies.</summary>
    public static FeaturesTask For(ExperimentConfig c, PrepareTask prepared, string configDirectory)
    {
        var builtin = c.Features.Where(f => !f.IsExternal).ToList();
        var names = builtin.Count == 0 ? [] : FeatureRegistry.Default.Resolve(string.Join(",", builtin.Select(f => f.Name))).Select(f => f.Name).ToList();
        var external = c.Features.Where(f => f.IsExternal).Select(f => f.External(configDirectory)).ToList();
        var options = Options(c);
        // Only built-in features enter the options hash as before; an external feature enters by name and the content of its two files.
        var externalKeys = external.Select(e => $"{e.Name}:{HashIfPresent(e.Npy)}:{HashIfPresent(e.Ids)}").ToArray();
        object key = external.Count == 0 ? new { options, features = names.ToArray() } : new { options, features = names.ToArray(), external = externalKeys };
        return new FeaturesTask
        {
            Config = c, Prepared = prepared, Computation = options, Builtin = names, External = external,
            Hash = ArtefactCache.Hash("features", key, prepared.Hash),
        };
    }

    /// <summary>A file's content hash, or "missing" (the pre-flight check names a missing file before anything runs).</summary>
    private static string HashIfPresent(string path) => File.Exists(path) ? ArtefactCache.HashFile(path) : "missing";

    /// <summary>The feature options a config implies (profile, then the per-quirk overrides).</summary>
    public static FeatureOptions Options(ExperimentConfig c)
    {
        var o = FeatureOptions.For(c.Profile == Profile.Paper ? FeatureProfile.Paper : FeatureProfile.Corrected);
        return o with
        {
            SampleRate = c.Quirks.IsOn("quirks.spectralSampleRate22050", c.Profile) ? SpectralSampleRate.LibrosaDefault : SpectralSampleRate.Actual,
            NeverReached = c.Quirks.IsOn("quirks.neverReached128", c.Profile) ? NeverReachedValue.Constant : NeverReachedValue.FrameCount,
            HopLength = c.FrontEnd.HopLength,
            FrameLength = c.FrontEnd.FftSize,
        };
    }

    /// <summary>The <c>.npy</c> file of one feature in a finished features task folder.</summary>
    public static string FeatureFile(string taskFolder, string name) => Path.Combine(taskFolder, "features", name + ".npy");

    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
    {
        var cache = PreparedCache.Open(PrepareTask.CachePath(context.Input(Prepared)));
        if (Builtin.Count > 0) ComputeBuiltin(context, cache, cancellationToken);
        if (External.Count > 0)
        {
            var ids = ExternalFeatures.CacheIds(cache.Directory);
            for (int i = 0; i < External.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                context.Report(i, External.Count, "aligning " + External[i].Name);
                var (data, width) = ExternalFeatures.Align(External[i], ids);
                string file = FeatureFile(context.Folder, External[i].Name);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                Concord.IO.Npy.Write<float>(file, data, ids.Count, width);
            }
        }
        return new TaskResults { Note = $"{Builtin.Count} features" + (External.Count > 0 ? $", {External.Count} external" : "") };
    }

    /// <summary>The built-in features: from the mel stack when none needs audio, else from each example's clip.</summary>
    private void ComputeBuiltin(TaskContext context, PreparedCache cache, CancellationToken cancellationToken)
    {
        var c = Config;
        var features = FeatureRegistry.Default.Resolve(string.Join(",", Builtin));
        var melOptions = PrepareTask.Options(c).Mel;
        int threads = context.Threads;
        var extractor = new FeatureExtractor(Computation, features);
        if (!extractor.NeedsAudio)
        {
            FeatureFiles.WriteMelStack(context.Folder, extractor, CacheLayout.Mel(cache.Directory), threads,
                new SyncProgress<int>(n => context.Report(n, cache.Count, "mel features")), cancellationToken);
            return;
        }
        var examples = cache.Examples();
        var frontEnd = new FeatureFrontEnd(melOptions, Computation, features);
        FeatureFileWriter? writer = null;
        try
        {
            // Each recording is decoded once for all its clips (issue 13: the composer run decoded a recording per clip).
            var recordings = new RecordingClips(examples.Select(e => e.AudioPath), path => Clips(path, c, cache.SampleRateHz));
            frontEnd.ComputeBatch(examples, e => (recordings.Clip(e.AudioPath, e.ClipIndex), cache.SampleRateHz), (i, row) =>
            {
                writer ??= new FeatureFileWriter(context.Folder, features, examples.Count, row.Select(r => r.Length).ToArray());
                writer.WriteRow(row);
            }, threads, progress: new SyncProgress<int>(n => context.Report(n, examples.Count, "hand-crafted features")), cancellationToken: cancellationToken);
            writer!.Commit();
        }
        finally { writer?.Dispose(); }
    }

    /// <summary>A recording decoded at the cache's rate and cut into the study's clips (the last one zero-padded).</summary>
    private static float[][] Clips(string path, ExperimentConfig c, int sampleRateHz)
    {
        var audio = AudioFile.Load(path, sampleRateHz);
        double seconds = c.Dataset.Kind is DatasetSource.Synth or DatasetSource.NSynth ? ClipSlicer.DefaultClipSeconds : c.FrontEnd.ClipSeconds;
        return ClipSlicer.Slice(audio.Samples, ClipSlicer.ClipLength(seconds, sampleRateHz), PartialClipPolicy.ZeroPad);
    }
}
