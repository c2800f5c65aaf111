using Concord.Torch.Models;

namespace Concord.Torch.Training;

/// <summary>What a training run produced: per-epoch metrics (the last entry is the final epoch), the model file and
/// the parameter count. <paramref name="ResumedFromEpoch"/> is 0 for a fresh run.</summary>
public sealed record TrainingResult(
    ModelOptions Model,
    string Task,
    long Seed,
    IReadOnlyList<EpochMetrics> Epochs,
    string ModelPath,
    long ParameterCount,
    int ResumedFromEpoch,
    double Seconds)
{
    public EpochMetrics Final => Epochs[^1];
}
