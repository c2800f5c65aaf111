namespace Concord.Torch.Training;

/// <summary>
/// SGD training as in METHOD.md §5: lr 0.005, momentum 0.9 (dampening 0, no Nesterov, no weight decay), batch 64,
/// input z-scored with the train set's scalar mean and standard deviation. Defaults are the corrected profile.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Epochs. The authors' code ran 100; the paper text says 150.</summary>
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 0.005;
    public double Momentum { get; init; } = 0.9;
    /// <summary>Paper quirk (METHOD.md §10.12): <c>false</c> keeps the training set in the same order every epoch
    /// (DataLoader shuffle=False). Corrected: a permutation per epoch drawn from the seed.</summary>
    public bool Shuffle { get; init; } = true;
    public TorchDevice Device { get; init; } = TorchDevice.Cpu;
    /// <summary>libtorch intra-op threads; null leaves the current setting.</summary>
    public int? Threads { get; init; }
    /// <summary>Write a checkpoint after every epoch and resume from it on a rerun.</summary>
    public bool Checkpoints { get; init; } = true;

    /// <summary>The paper profile's training (no shuffling). The double softmax lives on the model options.</summary>
    public TrainingOptions AsPaper() => this with { Shuffle = false };

    /// <summary>The study's seeds, [1, 10, 17, 25, 177] (the channel study used the first three).</summary>
    public static IReadOnlyList<int> StudySeeds { get; } = [1, 10, 17, 25, 177];

    public IEnumerable<string> Validate()
    {
        if (Epochs < 1) yield return "Training.Epochs must be ≥ 1";
        if (BatchSize < 1) yield return "Training.BatchSize must be ≥ 1";
        if (BatchSize > Limits.MaxBatchSize) yield return $"Training.BatchSize must be ≤ {Limits.MaxBatchSize} (got {BatchSize})";
        if (!(LearningRate > 0)) yield return "Training.LearningRate must be > 0";
        if (Momentum < 0 || Momentum >= 1) yield return "Training.Momentum must be in [0, 1)";
        if (Threads is < 1) yield return "Training.Threads must be ≥ 1";
    }
}
