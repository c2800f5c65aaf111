namespace Concord.Torch.Training;

/// <summary>
/// Training produced a non-finite loss or weight: the network is useless from then on, so training stops at once (before
/// any NaN reaches a checkpoint or the metrics). A user error (the learning rate or the data), reported with exit code 1;
/// a study records the network as diverged at <see cref="Epoch"/>, <see cref="Batch"/> and goes on with the others.
/// </summary>
public sealed class TrainingDivergedException(int epoch, int batch, string what)
    : ConcordException($"training diverged at epoch {epoch}, batch {batch}: {what} (lower the learning rate or check the inputs)")
{
    /// <summary>What was not finite, e.g. "the training loss is NaN" or "weight 'conv1.weight' is not finite".</summary>
    public string What { get; } = what;

    /// <summary>The 1-based epoch in which it diverged.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>The 1-based batch of that epoch (0: found at the end-of-epoch weight check).</summary>
    public int Batch { get; } = batch;
}
