using Concord.Datasets;
using Concord.Experiments;
using Concord.Networks;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Torch.Activations;
using Concord.Torch.Data;
using Concord.Torch.Models;
using Concord.Torch.Training;

namespace Concord.Study.Stages;

/// <summary>What an extraction records.</summary>
public enum ExtractMode
{
    /// <summary>A trained network's taps, channel-averaged, on both splits.</summary>
    Trained,
    /// <summary>The same architecture and seed with its initial weights (Experiment 3).</summary>
    Untrained,
    /// <summary>A trained network's taps without channel averaging, on a row sample of the training split (per-channel CKA).</summary>
    Channels,
}

/// <summary>
/// <c>extract</c>: records one network's layer activations with <see cref="ActivationExtractor"/>: every tap of the
/// all-layer architectures and conv3 of the others, on the train and test splits; for <see cref="ExtractMode.Untrained"/>
/// the network with the same initial weights; for <see cref="ExtractMode.Channels"/> every tap un-averaged on an even
/// sample of <c>exploration.maxExamples</c> training examples. Files: <c>&lt;tap&gt;.&lt;split&gt;.npy</c>.
/// </summary>
public sealed record ExtractTask : ActivationTask
{
    /// <summary>The config.</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>The prepared dataset.</summary>
    public required PrepareTask Prepared { get; init; }
    /// <summary>The network.</summary>
    public required NetworkPlan Network { get; init; }
    /// <summary>The trained network, or null for <see cref="ExtractMode.Untrained"/>.</summary>
    public TrainTask? Trained { get; init; }
    /// <summary>What is recorded.</summary>
    public required ExtractMode Mode { get; init; }
    /// <summary>Extraction options.</summary>
    public required ExtractionOptions Extraction { get; init; }

    public override StudyTaskKind Kind => StudyTaskKind.Extract;
    public override string Label => Mode switch
    {
        ExtractMode.Untrained => "extract untrained " + Network.Label,
        ExtractMode.Channels => "extract every channel of " + Network.Label,
        _ => "extract " + Network.Label,
    };
    public override IReadOnlyList<StudyTask> Inputs => Trained is null ? [Prepared] : [Prepared, Trained];
    public override double EstimatedSeconds => TaskCostModel.Extract(Config, Extraction);
    public override long? EstimatedBytes => TaskCostModel.ExtractBytes(Network.Model(Config), Prepared.InputSize, Extraction,
        Extraction.IncludeTest ? TaskCostModel.Examples(Config) : Math.Min(Extraction.MaxRows ?? int.MaxValue, TaskCostModel.TrainExamples(Config)));

    public override long? Width(Representation layer) =>
        layer.Tap is { } tap && Prepared.InputSize is var (h, w) ? TaskCostModel.TapWidth(Network.Model(Config), (h, w), Extraction, tap) : null;

    /// <summary>The taps recorded.</summary>
    public IReadOnlyList<Tap> Taps => Extraction.Taps;

    public override IReadOnlyList<DataSplit> Splits => Extraction.IncludeTest ? DataSplitNames.Both : [DataSplit.Train];
    public override IReadOnlyList<Representation> Layers => Taps.Select(Source).ToList();
    public override string NetworkLabel => Network.Label + (Mode == ExtractMode.Untrained ? ", untrained" : "");
    public override string File(string folder, Representation layer, DataSplit split) => File(folder, layer.Tap!.Value, split);
    public override string Key(Representation layer, DataSplit split) => Key(layer.Tap!.Value, split);

    /// <summary>Extraction of a trained network: every tap for the all-layer architectures (channel variants: conv3 only, as Table 10 needs), else conv3.</summary>
    public static ExtractTask ForTrained(ExperimentConfig c, PrepareTask prepared, TrainTask trained)
    {
        var options = Options(c, trained.Network.Architecture, trained.Network.Variant?.Name);
        return new ExtractTask
        {
            Config = c, Prepared = prepared, Network = trained.Network, Trained = trained, Mode = ExtractMode.Trained, Extraction = options,
            Hash = ArtefactCache.Hash("extract", options, trained.Hash),
        };
    }

    /// <summary>Extraction of an untrained network (the head's size is set from the prepared cache at run time; it does not affect the taps).</summary>
    public static ExtractTask ForUntrained(ExperimentConfig c, PrepareTask prepared, NetworkPlan n)
    {
        var options = Options(c, n.Architecture, variant: null);
        return new ExtractTask
        {
            Config = c, Prepared = prepared, Network = n, Mode = ExtractMode.Untrained, Extraction = options,
            Hash = ArtefactCache.Hash("extract", new { options, model = n.Model(c), n.Seed, n.Task, untrained = true }, prepared.Hash),
        };
    }

    /// <summary>The un-averaged extraction of one trained network for the per-channel CKA.</summary>
    public static ExtractTask ForChannels(ExperimentConfig c, PrepareTask prepared, TrainTask trained)
    {
        var options = new ExtractionOptions
        {
            Taps = c.Taps.ToList(), ChannelMean = new HashSet<Tap>(),
            MaxRows = c.Exploration.MaxExamples, IncludeTest = false, BatchSize = c.Training.BatchSize, Threads = c.Threads, Device = TrainTask.Device(c),
            Storage = c.Activations.Storage,
        };
        return new ExtractTask
        {
            Config = c, Prepared = prepared, Network = trained.Network, Trained = trained, Mode = ExtractMode.Channels, Extraction = options,
            Hash = ArtefactCache.Hash("extract", options, trained.Hash),
        };
    }

    private static ExtractionOptions Options(ExperimentConfig c, Architecture architecture, string? variant) => new()
    {
        Taps = variant is null && c.AllLayerArchitectures.Contains(architecture) ? c.Taps.ToList() : [Tap.Conv3],
        UntrainedBatchNorm = c.Quirks.IsOn("quirks.untrainedBatchNormTrainMode", c.Profile) ? UntrainedBatchNorm.TrainModeFixedBatches : UntrainedBatchNorm.Eval,
        Storage = c.Activations.Storage,
        BatchSize = c.Training.BatchSize,
        Threads = c.Threads,
        Device = TrainTask.Device(c),
    };

    /// <summary>The representation a tap of this extraction is.</summary>
    public Representation Source(Tap tap) => Representation.Deep(Network.Architecture, Network.Seed, Mode != ExtractMode.Untrained, tap, Network.Task, Network.Variant?.Name);

    /// <summary>The activation file of one tap and split in this task's finished folder.</summary>
    public string File(string folder, Tap tap, DataSplit split)
    {
        return Existing(Path.Combine(folder, $"{tap.ToName()}.{split.ToName()}.npy"), folder);
    }

    /// <summary>The key that names one tap's files in downstream hashes.</summary>
    public string Key(Tap tap, DataSplit split) => Hash + $"{tap.ToName()}.{split.ToName()}.npy";

    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
    {
        using var cache = new MelCache(PrepareTask.CachePath(context.Input(Prepared)));
        var progress = new SyncProgress<ExtractionProgress>(p => context.Report(p.Done, p.Total, "examples"));
        var extractor = new ActivationExtractor(Extraction);
        if (Trained is null)
        {
            var classes = cache.Task(Network.Task).Classes.Count;
            var model = Network.Model(Config) with { Classes = Math.Max(2, classes) };
            extractor.ExtractUntrained(model, Network.Seed, cache, context.Folder, progress, cancellationToken);
        }
        else
            extractor.ExtractTrained(TrainTask.ModelFile(context.Input(Trained)), cache, context.Folder, progress, cancellationToken);
        return new TaskResults { Note = $"{Taps.Count} taps" };
    }

    /// <summary>Channels of a tap of this (un-averaged) extraction.</summary>
    public int ChannelsOf(TaskContext context, Tap tap) =>
        ModelShapes.Compute(TrainedModel.Read(TrainTask.ModelFile(context.Input(Trained!))).Model).Of(tap).Channels;
}
