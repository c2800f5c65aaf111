namespace Concord.Torch.Training;

/// <summary>
/// One epoch's metrics. Loss is the mean per-example loss. Metric is accuracy in [0, 1] for classification (train:
/// running accuracy in train mode, as the authors reported) or RMSE in the target's original units over the whole set
/// for regression.
/// </summary>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainMetric, double TestLoss, double TestMetric, double Seconds);
