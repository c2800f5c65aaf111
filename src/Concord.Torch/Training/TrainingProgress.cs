namespace Concord.Torch.Training;

/// <summary>Progress report: batch <paramref name="Batch"/> of <paramref name="Batches"/> in epoch
/// <paramref name="Epoch"/> (1-based) of <paramref name="Epochs"/>, with the running train loss and throughput.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double ExamplesPerSecond, EpochMetrics? Completed);
