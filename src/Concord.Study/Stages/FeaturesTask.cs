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
    /// <summary>The configured feature names, sets expanded.</summary>
    public required IReadOnlyList<string> Names { get; init; }

    public override StudyTaskKind Kind => StudyTaskKind.Features;
    public override string Label => $"{Names.Count} hand-crafted features";
    public override IReadOnlyList<StudyTask> Inputs => [Prepared];
    public override double EstimatedSeconds => TaskCostModel.Features(Config);

    /// <summary>The task a config implies.</summary>
    public static FeaturesTask For(ExperimentConfig c, PrepareTask prepared)
    {
        var names = FeatureRegistry.Default.Resolve(string.Join(",", c.Features)).Select(f => f.Name).ToList();
        var options = Options(c);
        return new FeaturesTask
        {
            Config = c, Prepared = prepared, Computation = options, Names = names,
            Hash = ArtefactCache.Hash("features", new { options, features = names.ToArray() }, prepared.Hash),
        };
    }

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
        var c = Config;
        var features = FeatureRegistry.Default.Resolve(string.Join(",", Names));
        var cache = PreparedCache.Open(PrepareTask.CachePath(context.Input(Prepared)));
        var melOptions = PrepareTask.Options(c).Mel;
        int threads = context.Threads;
        var extractor = new FeatureExtractor(Computation, features);
        if (!extractor.NeedsAudio)
        {
            FeatureFiles.WriteMelStack(context.Folder, extractor, CacheLayout.Mel(cache.Directory), threads,
                new SyncProgress<int>(n => context.Report(n, cache.Count, "mel features")), cancellationToken);
            return new TaskResults { Note = $"{features.Count} features" };
        }
        var examples = cache.Examples();
        var frontEnd = new FeatureFrontEnd(melOptions, Computation, features);
        FeatureFileWriter? writer = null;
        try
        {
            frontEnd.ComputeBatch(examples, e => LoadClip(e, c, cache.SampleRateHz), (i, row) =>
            {
                writer ??= new FeatureFileWriter(context.Folder, features, examples.Count, row.Select(r => r.Length).ToArray());
                writer.WriteRow(row);
            }, threads, progress: new SyncProgress<int>(n => context.Report(n, examples.Count, "hand-crafted features")), cancellationToken: cancellationToken);
            writer!.Commit();
        }
        finally { writer?.Dispose(); }
        return new TaskResults { Note = $"{features.Count} features" };
    }

    private static (float[] Samples, int SampleRateHz) LoadClip(DatasetExample e, ExperimentConfig c, int sampleRateHz)
    {
        var audio = AudioFile.Load(e.AudioPath, sampleRateHz);
        double seconds = c.Dataset.Kind is DatasetSource.Synth or DatasetSource.NSynth ? ClipSlicer.DefaultClipSeconds : c.FrontEnd.ClipSeconds;
        int length = ClipSlicer.ClipLength(seconds, sampleRateHz);
        var clips = ClipSlicer.Slice(audio.Samples, length, PartialClipPolicy.ZeroPad);
        if (e.ClipIndex >= clips.Length) throw new ConcordException($"{e.AudioPath}: clip {e.ClipIndex} is past the end of the audio ({clips.Length} clips)");
        return (clips[e.ClipIndex], sampleRateHz);
    }
}
