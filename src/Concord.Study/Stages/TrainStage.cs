using Concord.Networks;
using System.Text.Json;
using Concord.Experiments;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.IO;
using Concord.Torch;
using Concord.Torch.Data;
using Concord.Torch.Training;

namespace Concord.Study.Stages;

/// <summary>
/// <c>train</c>: trains every network of <see cref="NetworkPlan.For"/> with <see cref="Trainer"/> (resuming from its
/// per-epoch checkpoints after a kill), and stores each epoch's metrics in <c>training_epochs</c>.
/// </summary>
public sealed class TrainStage : IRunStage
{
    private const string EpochsFile = "epochs.json";

    public string Name => "train";

    public IReadOnlyList<string> DependsOn => ["prepare"];

    public static TrainingOptions Options(ExperimentConfig c) => new()
    {
        Epochs = c.Training.Epochs, BatchSize = c.Training.BatchSize, LearningRate = c.Training.LearningRate, Momentum = c.Training.Momentum,
        Shuffle = !c.Quirks.IsOn("quirks.fixedBatchOrder", c.Profile), Threads = c.Threads, Checkpoints = true,
    };

    public StageResult Run(StageContext context, CancellationToken cancellationToken)
    {
        var c = context.Config;
        var plan = NetworkPlan.For(c);
        var options = Options(c);
        int computed = 0, reused = 0;
        var diverged = new List<string>(); // networks whose training diverged: skipped, named in the stage note, the stage fails
        using var cache = new MelCache(context.State.PreparedCache!);
        for (int i = 0; i < plan.Count; i++)
        {
            var n = plan[i];
            var model = n.Model(c);
            string label = $"{n.Architecture} seed {n.Seed} on {n.Task}" + (n.Variant is null ? "" : $" [{n.Variant.Name}]");
            context.Report(Name, i, plan.Count, label);
            string hash = ArtefactCache.Hash(Name, new { options, model, n.Task, n.Seed }, context.State.PreparedHash!);
            string dir;
            try
            {
            dir = context.Cache.GetOrComputeResumable(Name, hash, d =>
            {
                var result = new Trainer(options).Train(cache, n.Task, model, n.Seed, d,
                    new SyncProgress<TrainingProgress>(p => context.Report(Name, i, plan.Count,
                        p.Batches > 0 ? $"{label}: epoch {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches}" : $"{label}: epoch {p.Epoch}/{p.Epochs} done")), cancellationToken);
                AtomicFile.WriteAllText(Path.Combine(d, EpochsFile), JsonSerializer.Serialize(result.Epochs));
            }, context.Force, out bool made);
            if (made) computed++; else reused++;
            }
            catch (TrainingDivergedException ex)
            {
                diverged.Add($"{label} diverged at epoch {ex.Epoch}" + (ex.Batch > 0 ? $", batch {ex.Batch}" : " (weights)"));
                continue;
            }
            var epochs = JsonSerializer.Deserialize<EpochMetrics[]>(File.ReadAllText(Path.Combine(dir, EpochsFile)))!;
            bool regression = cache.Task(n.Task).Kind == Torch.Data.TaskKind.Regression;
                        context.Store.PutTrainingEpochs(epochs.Select(e => new TrainingEpochRecord(
                StudyNames.Dataset(c), StudyNames.Profile(c), n.Architecture, n.Seed, n.Task, n.Variant?.Name, e.Epoch,
                regression ? ProbeMetric.Rmse : ProbeMetric.AccuracyPercent, e.TrainLoss, e.TestLoss,
                regression ? e.TrainMetric : 100 * e.TrainMetric, regression ? e.TestMetric : 100 * e.TestMetric, e.Seconds, hash)));
            context.State.ResultHashes.Add(hash);
            context.State.Networks.Add(new NetworkArtefact(n.Architecture, n.Seed, n.Task, n.Variant?.Name, Path.Combine(dir, Trainer.ModelFileName), hash));
        }
        if (diverged.Count > 0)
        {
            context.State.Mark(ExperimentIds.Training, StageStatus.Failed);
            return new StageResult(StageStatus.Failed, computed, reused,
                $"{diverged.Count} of {plan.Count} networks diverged (lower training.learningRate): {string.Join("; ", diverged)}");
        }
        context.State.Mark(ExperimentIds.Training, StageStatus.Done);
        return StageResult.Done(computed, reused, $"{plan.Count} networks");
    }
}
