using Concord.Datasets;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Spectral;

using Concord.Experiments;

namespace Concord.Study.Stages;

/// <summary>
/// <c>prepare</c>: for the synthetic dataset, writes the notes first (<see cref="SynthDataset.Write"/>); then turns the
/// dataset into a prepared cache with <see cref="DatasetPreparer.Prepare"/> (mel.npy, labels, tasks, splits). Checks that
/// the config's tasks exist in the cache.
/// </summary>
public sealed class PrepareStage : IRunStage
{
    /// <inheritdoc />
    public string Name => "prepare";

    /// <inheritdoc />
    public IReadOnlyList<string> DependsOn => [];

    /// <summary>The dataset preparation options a config implies.</summary>
    public static PrepareOptions Options(ExperimentConfig c)
    {
        var d = c.Dataset;
        var o = PrepareOptions.ForProfile(c.Profile == Profile.Paper ? DatasetProfile.Paper : DatasetProfile.Corrected);
        return o with
        {
            Dataset = d.Kind switch { DatasetSource.Recordings => Datasets.DatasetKind.Recordings, DatasetSource.Clips => Datasets.DatasetKind.Clips, _ => Datasets.DatasetKind.NSynth },
            Limit = d.Kind == DatasetSource.Synth ? null : d.Limit,
            NSynth = o.NSynth with { AcousticOnly = d.Kind == DatasetSource.NSynth && d.Subset != "all" },
            Recordings = o.Recordings with { ClipSeconds = c.FrontEnd.ClipSeconds },
            Split = new SplitOptions { Kind = (SplitKind)(int)d.Split, TestFraction = d.TestFraction, Seed = d.SplitSeed },
            Mel = o.Mel with { FftSize = c.FrontEnd.FftSize, HopLength = c.FrontEnd.HopLength, MelBandCount = c.FrontEnd.MelBands, FMaxHz = c.FrontEnd.FMaxHz },
            SampleRateHz = c.FrontEnd.SampleRateHz,
            MaxDegreeOfParallelism = c.Threads ?? Environment.ProcessorCount,
        };
    }

    /// <summary>The synthetic dataset options a config implies (notes = dataset.limit, default 400).</summary>
    public static SynthDatasetOptions SynthOptions(ExperimentConfig c) => new() { Notes = c.Dataset.Limit ?? new SynthDatasetOptions().Notes, Seed = c.Dataset.SplitSeed };

    /// <inheritdoc />
    public StageResult Run(StageContext context, CancellationToken cancellationToken)
    {
        var c = context.Config;
        int computed = 0, reused = 0;
        string input;
        string inputKey;
        if (c.Dataset.Kind == DatasetSource.Synth)
        {
            var synth = SynthOptions(c);
            string synthHash = ArtefactCache.Hash("synth", synth);
            input = context.Cache.GetOrCompute("synth", synthHash, dir =>
            {
                context.Report(Name, 0, synth.Notes, "synthesising notes");
                SynthDataset.Write(dir, synth, new SyncProgress<int>(n => context.Report(Name, n, synth.Notes, "synthesising notes")), context.Config.Threads ?? Environment.ProcessorCount, cancellationToken);
            }, context.Force, out bool made);
            if (made) computed++; else reused++;
            inputKey = synthHash;
        }
        else
        {
            input = context.ResolvePath(c.Dataset.Path!);
            if (!File.Exists(input) && !Directory.Exists(input))
                throw new ConcordException($"{input}: dataset not found (config key dataset.path)");
            inputKey = input;
        }
        var options = Options(c);
        string hash = ArtefactCache.Hash(Name, options, inputKey);
        string cacheDir = context.Cache.GetOrComputeResumable(Name, hash, dir =>
            DatasetPreparer.Prepare(input, dir, options, new SyncProgress<PrepareProgress>(p => context.Report(Name, 0, 0, p.ToString() ?? "")), cancellationToken),
            context.Force, out bool prepared);
        if (prepared) computed++; else reused++;
        var cache = PreparedCache.Open(cacheDir);
        foreach (string task in new[] { c.Dataset.MainTask }.Concat(c.Dataset.RelatedTasks))
            cache.Task(task);
        context.State.PreparedCache = cacheDir;
        context.State.PreparedHash = hash;
        return StageResult.Done(computed, reused, $"{cache.Count} examples, {cache.Mels}×{cache.Frames} mel");
    }
}
