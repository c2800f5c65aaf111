using Concord.Datasets;
using Concord.Experiments;
using Concord.Spectral;
using Concord.Study.Config;
using Concord.Study.Running;

namespace Concord.Study.Stages;

/// <summary>
/// <c>prepare</c>: for the synthetic dataset, writes the notes first (<see cref="SynthDataset.Write"/>, into the task's
/// own <c>notes/</c> folder); then turns the dataset into a prepared cache with <see cref="DatasetPreparer.Prepare"/>
/// (mel.npy, labels, tasks, splits) in <c>cache/</c>, and checks that the config's tasks exist in it. Resumable.
/// </summary>
public sealed record PrepareTask : StudyTask
{
    /// <summary>The prepared cache's folder inside the task folder.</summary>
    public const string CacheFolder = "cache";
    private const string NotesFolder = "notes";

    /// <summary>The config.</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>Preparation options.</summary>
    public required PrepareOptions Preparation { get; init; }
    /// <summary>The synthetic dataset options, or null for a dataset on disk.</summary>
    public SynthDatasetOptions? Synth { get; init; }
    /// <summary>The arrays dataset options, or null for audio.</summary>
    public ArraysOptions? Arrays { get; init; }

    public override StudyTaskKind Kind => StudyTaskKind.Prepare;
    public override string Label => Synth is not null ? $"synthesise {Synth.Notes} notes and prepare" : Arrays is not null ? "prepare the arrays dataset" : "prepare dataset";
    public override IReadOnlyList<StudyTask> Inputs => [];
    public override bool Resumable => true;
    public override double EstimatedSeconds => TaskCostModel.Prepare(Config);
    public override long? EstimatedBytes => InputSize is var (h, w)
        ? TaskCostModel.Examples(Config) * (4L * h * w + (Synth is null ? 0 : 2L * TaskCostModel.ClipSamples(Config))) : null;

    /// <summary>One example's input [H, W] (mel bands × frames of a clip, or an arrays dataset's), or null when the
    /// inputs file cannot be read yet.</summary>
    public (int Height, int Width)? InputSize { get; init; }

    /// <summary>One example's input [H, W]: for audio, the mel bands and the frames of one clip (centred STFT); for
    /// arrays, the inputs file's; null when that file cannot be read.</summary>
    public static (int Height, int Width)? InputSizeOf(ExperimentConfig c, string configDirectory)
    {
        if (c.Dataset.Kind == DatasetSource.Arrays)
        {
            try
            {
                var shape = Concord.IO.Npy.ReadHeader(Path.GetFullPath(Path.Combine(configDirectory, c.Dataset.Path!))).Shape;
                return shape.Length == 3 ? (checked((int)shape[1]), checked((int)shape[2])) : null;
            }
            catch (Exception ex) when (ex is ConcordException or IOException or UnauthorizedAccessException) { return null; }
        }
        long padded = TaskCostModel.ClipSamples(c) + 2L * (c.FrontEnd.FftSize / 2);
        return (c.FrontEnd.MelBands, checked((int)(1 + (padded - c.FrontEnd.FftSize) / c.FrontEnd.HopLength)));
    }

    /// <summary>The task a config implies; its hash covers the options and the dataset (synthetic options or path).</summary>
    public static PrepareTask For(ExperimentConfig c, string configDirectory)
    {
        var options = Options(c);
        SynthDatasetOptions? synth = c.Dataset.Kind == DatasetSource.Synth ? SynthOptions(c) : null;
        string inputKey = synth is not null ? ArtefactCache.Hash("synth", synth) : Path.GetFullPath(Path.Combine(configDirectory, c.Dataset.Path!));
        if (c.Dataset.Kind == DatasetSource.Arrays)
            return new PrepareTask
            {
                Config = c, Preparation = options, Arrays = ArraysOptions(c), InputSize = InputSizeOf(c, configDirectory),
                Hash = ArtefactCache.Hash("prepare", ArraysOptions(c), inputKey, Path.GetFullPath(Path.Combine(configDirectory, c.Dataset.Labels!))),
            };
        return new PrepareTask { Config = c, Preparation = options, Synth = synth, InputSize = InputSizeOf(c, configDirectory), Hash = ArtefactCache.Hash("prepare", options, inputKey) };
    }

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
            Recordings = o.Recordings with
            {
                ClipSeconds = c.FrontEnd.ClipSeconds,
                DerivedColumns = d.DerivedTasks.Select((t, i) => t.ToColumn($"dataset.derivedTasks[{i}]")).ToList(),
            },
            Split = new SplitOptions { Kind = (SplitKind)(int)d.Split, TestFraction = d.TestFraction, Seed = d.SplitSeed },
            Mel = o.Mel with { FftSize = c.FrontEnd.FftSize, HopLength = c.FrontEnd.HopLength, MelBandCount = c.FrontEnd.MelBands, FMaxHz = c.FrontEnd.FMaxHz },
            SampleRateHz = c.FrontEnd.SampleRateHz,
            MaxDegreeOfParallelism = c.Threads ?? Environment.ProcessorCount,
        };
    }

    /// <summary>The arrays dataset options a config implies (its columns and the config's split).</summary>
    public static ArraysOptions ArraysOptions(ExperimentConfig c) => new()
    {
        GroupColumn = c.Dataset.GroupColumn, RegressionColumns = c.Dataset.RegressionColumns, Power = c.Dataset.Power,
        Split = new SplitOptions { Kind = (SplitKind)(int)c.Dataset.Split, TestFraction = c.Dataset.TestFraction, Seed = c.Dataset.SplitSeed },
    };

    /// <summary>The synthetic dataset options a config implies (notes = dataset.limit, default 400).</summary>
    public static SynthDatasetOptions SynthOptions(ExperimentConfig c) => new() { Notes = c.Dataset.Limit ?? new SynthDatasetOptions().Notes, Seed = c.Dataset.SplitSeed };

    /// <summary>The prepared cache of a finished prepare task.</summary>
    public static string CachePath(string taskFolder) => Path.Combine(taskFolder, CacheFolder);

    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
    {
        string input;
        if (Synth is not null)
        {
            input = Path.Combine(context.Folder, NotesFolder);
            string marker = Path.Combine(input, ".complete");
            if (!File.Exists(marker))
            {
                if (Directory.Exists(input)) Directory.Delete(input, recursive: true);
                string tmp = input + ".tmp";
                if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
                Directory.CreateDirectory(tmp);
                context.Report(0, Synth.Notes, "synthesising notes");
                SynthDataset.Write(tmp, Synth, new SyncProgress<int>(n => context.Report(n, Synth.Notes, "synthesising notes")), context.Threads, cancellationToken);
                File.WriteAllText(Path.Combine(tmp, ".complete"), "");
                Directory.Move(tmp, input);
            }
        }
        else
        {
            input = context.ResolvePath(Config.Dataset.Path!);
            if (!File.Exists(input) && !Directory.Exists(input))
                throw new ConcordException($"{input}: dataset not found (config key dataset.path)");
        }
        string cacheDir = CachePath(context.Folder);
        if (Arrays is not null)
        {
            string labels = context.ResolvePath(Config.Dataset.Labels!);
            context.Report(0, 0, "reading the arrays dataset");
            ArraysDataset.Prepare(input, labels, cacheDir, Arrays, cancellationToken);
        }
        else DatasetPreparer.Prepare(input, cacheDir, Preparation, new SyncProgress<PrepareProgress>(p => context.Report(0, 0, p.ToString() ?? "")), cancellationToken);
        var cache = PreparedCache.Open(cacheDir);
        foreach (string task in new[] { Config.Dataset.MainTask }.Concat(Config.Dataset.RelatedTasks))
            cache.Task(task);
        return new TaskResults { Note = $"{cache.Count} examples, {cache.Mels}×{cache.Frames} mel" };
    }
}
