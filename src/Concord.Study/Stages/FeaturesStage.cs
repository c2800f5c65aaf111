using Concord.Audio;
using Concord.Datasets;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Features;
using Concord.Spectral;

using Concord.Experiments;

namespace Concord.Study.Stages;

/// <summary>
/// <c>features</c>: the hand-crafted features of every example of the prepared cache, as <c>features/&lt;name&gt;.npy</c>
/// float32 [N, d], computed from each example's audio by <see cref="FeatureFrontEnd"/> (mel-only sets come from the
/// cache's mel stack via <see cref="FeatureFiles.WriteMelStack"/>).
/// </summary>
public sealed class FeaturesStage : IRunStage
{
    /// <inheritdoc />
    public string Name => "features";

    /// <inheritdoc />
    public IReadOnlyList<string> DependsOn => ["prepare"];

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

    /// <inheritdoc />
    public StageResult Run(StageContext context, CancellationToken cancellationToken)
    {
        var c = context.Config;
        var features = FeatureRegistry.Default.Resolve(string.Join(",", c.Features));
        var options = Options(c);
        string hash = ArtefactCache.Hash(Name, new { options, features = features.Select(f => f.Name).ToArray() }, context.State.PreparedHash!);
        var cache = PreparedCache.Open(context.State.PreparedCache!);
        var melOptions = PrepareStage.Options(c).Mel;
        int threads = c.Threads ?? Environment.ProcessorCount;
        string dir = context.Cache.GetOrCompute(Name, hash, tmp =>
        {
            var extractor = new FeatureExtractor(options, features);
            if (!extractor.NeedsAudio)
            {
                FeatureFiles.WriteMelStack(tmp, extractor, CacheLayout.Mel(cache.Directory), threads,
                    new SyncProgress<int>(n => context.Report(Name, n, cache.Count, "mel features")), cancellationToken);
                return;
            }
            var examples = cache.Examples();
            var frontEnd = new FeatureFrontEnd(melOptions, options, features);
            FeatureFileWriter? writer = null;
            try
            {
                frontEnd.ComputeBatch(examples, e => LoadClip(e, c, cache.SampleRateHz), (i, row) =>
                {
                    writer ??= new FeatureFileWriter(tmp, features, examples.Count, row.Select(r => r.Length).ToArray());
                    writer.WriteRow(row);
                }, threads, progress: new SyncProgress<int>(n => context.Report(Name, n, examples.Count, "hand-crafted features")), cancellationToken: cancellationToken);
                writer!.Commit();
            }
            finally { writer?.Dispose(); }
        }, context.Force, out bool computed);
        context.State.FeaturesDir = Path.Combine(dir, "features");
        context.State.FeaturesHash = hash;
        return computed ? StageResult.Done(1, 0, $"{features.Count} features") : StageResult.Done(0, 1, $"{features.Count} features");
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
