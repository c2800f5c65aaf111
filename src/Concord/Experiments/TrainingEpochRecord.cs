using Concord.Networks;

namespace Concord.Experiments;

/// <summary>
/// Metrics of one training epoch of one network. One row of the <c>training_epochs</c> table.
/// </summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Profile">Profile name.</param>
/// <param name="Architecture">Architecture name.</param>
/// <param name="Seed">Initialisation seed.</param>
/// <param name="Task">The task the network is trained on.</param>
/// <param name="Variant">Channel-count variant, or null for the standard network.</param>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Metric">Accuracy (%) for classification, RMSE for regression.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TestLoss">Mean test loss after the epoch.</param>
/// <param name="TrainMetric">Running train metric during the epoch (train mode).</param>
/// <param name="TestMetric">Test metric after the epoch (eval mode).</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="ArtefactHash">Content hash of the trained checkpoint's inputs and options.</param>
public sealed record TrainingEpochRecord(
    string Dataset,
    string Profile,
    Architecture Architecture,
    int Seed,
    string Task,
    string? Variant,
    int Epoch,
    ProbeMetric Metric,
    double TrainLoss,
    double TestLoss,
    double TrainMetric,
    double TestMetric,
    double Seconds,
    string ArtefactHash);
