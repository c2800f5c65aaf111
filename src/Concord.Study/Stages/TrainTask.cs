using System.Text.Json;
using Concord.Experiments;
using Concord.IO;
using Concord.Networks;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Torch.Data;
using Concord.Torch.Training;

namespace Concord.Study.Stages;

/// <summary>
/// <c>train</c>: trains one network of <see cref="NetworkPlan.For"/> with <see cref="Trainer"/>, resuming from its
/// per-epoch checkpoints after a kill, and returns each epoch's metrics as <c>training_epochs</c> rows. A network whose
/// training diverges fails its task with a <see cref="DivergedNetwork"/> row (<see cref="TaskFailedException"/>; the
/// message names it and where it diverged), and only the tasks that read it are skipped.
/// </summary>
public sealed record TrainTask : StudyTask
{
    private const string EpochsFile = "epochs.json";

    /// <summary>The config.</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>The prepared dataset.</summary>
    public required PrepareTask Prepared { get; init; }
    /// <summary>Which network.</summary>
    public required NetworkPlan Network { get; init; }

    public override StudyTaskKind Kind => StudyTaskKind.Train;
    public override string Label => "train " + Network.Label;
    public override IReadOnlyList<StudyTask> Inputs => [Prepared];
    public override bool Resumable => true;
    public override double EstimatedSeconds => TaskCostModel.Train(Config, Network);
    public override long? EstimatedBytes => TaskCostModel.TrainBytes(Network.Model(Config), Prepared.InputSize);

    /// <summary>The task of one network.</summary>
    public static TrainTask For(ExperimentConfig c, PrepareTask prepared, NetworkPlan n)
    {
        var options = Options(c);
        var model = n.Model(c);
        return new TrainTask { Config = c, Prepared = prepared, Network = n, Hash = ArtefactCache.Hash("train", new { options, model, n.Task, n.Seed }, prepared.Hash) };
    }

    /// <summary>Training options a config implies.</summary>
    public static TrainingOptions Options(ExperimentConfig c) => new()
    {
        Epochs = c.Training.Epochs, BatchSize = c.Training.BatchSize, LearningRate = c.Training.LearningRate, Momentum = c.Training.Momentum,
        Shuffle = !c.Quirks.IsOn("quirks.fixedBatchOrder", c.Profile), Threads = c.Threads, Checkpoints = true, Device = Device(c),
    };

    /// <summary>The libtorch device of the config (the one place a study names a device; docs/cluster.md, GPU).</summary>
    public static Torch.TorchDevice Device(ExperimentConfig c) => c.Device == ComputeDevice.Cuda ? Torch.TorchDevice.Cuda : Torch.TorchDevice.Cpu;

    /// <summary>The trained model file of a finished train task folder.</summary>
    public static string ModelFile(string taskFolder) => Path.Combine(taskFolder, Trainer.ModelFileName);

    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
    {
        var n = Network;
        using var cache = new MelCache(PrepareTask.CachePath(context.Input(Prepared)));
        string epochsPath = Path.Combine(context.Folder, EpochsFile);
        EpochMetrics[] epochs;
        try
        {
            var result = new Trainer(Options(Config)).Train(cache, n.Task, n.Model(Config), n.Seed, context.Folder,
                new SyncProgress<TrainingProgress>(p => context.Report(p.Epoch - 1, p.Epochs,
                    p.Batches > 0 ? $"epoch {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches}" : $"epoch {p.Epoch}/{p.Epochs} done")), cancellationToken);
            epochs = result.Epochs.ToArray();
        }
        catch (TrainingDivergedException ex)
        {
            var diverged = new DivergedNetwork(StudyNames.Dataset(Config), StudyNames.Profile(Config), n.Architecture, n.Seed, n.Task, n.Variant?.Name,
                ex.Epoch, ex.Batch, ex.What, Hash);
            throw new TaskFailedException($"{n.Label} diverged at {diverged.Where}: {ex.What} (lower training.learningRate)",
                new TaskResults { Diverged = [diverged] });
        }
        AtomicFile.WriteAllText(epochsPath, JsonSerializer.Serialize(epochs));
        // The per-epoch checkpoint (weights and momentum, about twice the model) only serves resuming this training; once
        // model.bin is written nothing reads it. (A kill between here and the task's marker retrains this one network.)
        File.Delete(Path.Combine(context.Folder, Trainer.CheckpointFileName));
        bool regression = cache.Task(n.Task).Kind == Torch.Data.TaskKind.Regression;
        var c = Config;
        return new TaskResults
        {
            Epochs = epochs.Select(e => new TrainingEpochRecord(
                StudyNames.Dataset(c), StudyNames.Profile(c), n.Architecture, n.Seed, n.Task, n.Variant?.Name, e.Epoch,
                regression ? ProbeMetric.Rmse : ProbeMetric.AccuracyPercent, e.TrainLoss, e.TestLoss,
                regression ? e.TrainMetric : 100 * e.TrainMetric, regression ? e.TestMetric : 100 * e.TestMetric, e.Seconds, Hash)).ToList(),
            Note = $"{epochs.Length} epochs",
        };
    }
}
