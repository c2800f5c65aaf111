using Concord.Networks;
using Concord.Torch.Activations;
using Concord.Torch.Models;

namespace Concord.Torch.Training;

/// <summary>One architecture × seed of a sweep: its training result and the activation sets extracted (null when
/// skipped, e.g. the feed-forward model, which has no taps).</summary>
public sealed record ZooRunResult(Architecture Architecture, long Seed, string Folder, TrainingResult Training,
    ExtractionResult? TrainedActivations, ExtractionResult? UntrainedActivations);
