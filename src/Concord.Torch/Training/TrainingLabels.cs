using Concord.Torch.Data;
using static TorchSharp.torch;

namespace Concord.Torch.Training;

/// <summary>
/// A task's targets prepared for training: class indices (cross-entropy, accuracy) or regression targets standardised
/// with the train split's mean and population std (MSE on output[:, 0]; RMSE reported in original units).
/// </summary>
internal sealed class TrainingLabels
{
    private readonly long[]? _classes;
    private readonly double[]? _targets;

    private TrainingLabels(long[]? classes, double[]? targets, int classCount, double mean, double std)
    {
        _classes = classes; _targets = targets; ClassCount = classCount; TargetMean = mean; TargetStd = std;
    }

    public bool IsRegression => _targets is not null;
    public int ClassCount { get; }
    public double TargetMean { get; }
    public double TargetStd { get; }

    public static TrainingLabels Load(MelCache cache, CacheTask task)
    {
        if (task.Kind == TaskKind.Regression)
        {
            var y = cache.RegressionTargets(task.Name);
            double mean = cache.Train.Average(i => y[i]);
            double std = Math.Sqrt(cache.Train.Average(i => (y[i] - mean) * (y[i] - mean)));
            if (!(std > 0)) std = 1;
            return new TrainingLabels(null, y, 1, mean, std);
        }
        var labels = cache.ClassLabels(task.Name);
        int k = task.Classes.Count > 0 ? task.Classes.Count : labels.Max() + 1;
        return new TrainingLabels(labels.Select(v => (long)v).ToArray(), null, k, 0, 1);
    }

    /// <summary>The batch's mean loss (a graph node) and its metric contribution: #correct, or Σ squared error in original units.</summary>
    public (Tensor Loss, double Metric) LossAndMetric(Tensor output, ReadOnlySpan<int> idx, Device device)
    {
        if (_classes is not null)
        {
            var y = new long[idx.Length];
            for (int i = 0; i < y.Length; i++) y[i] = _classes[idx[i]];
            var target = tensor(y).to(device);
            var loss = nn.functional.cross_entropy(output, target);
            double correct = output.detach().argmax(1).eq(target).sum().cpu().item<long>();
            return (loss, correct);
        }
        var z = new float[idx.Length];
        for (int i = 0; i < z.Length; i++) z[i] = (float)((_targets![idx[i]] - TargetMean) / TargetStd);
        var t = tensor(z).to(device);
        var pred = output.select(1, 0);
        var mse = nn.functional.mse_loss(pred, t);
        var p = pred.detach().cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        double sq = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double e = p[i] * TargetStd + TargetMean - _targets![idx[i]];
            sq += e * e;
        }
        return (mse, sq);
    }

    /// <summary>Accuracy = correct/n, or RMSE = √(Σe²/n).</summary>
    public double Finish(double metricSum, int n) => IsRegression ? Math.Sqrt(metricSum / n) : metricSum / n;
}
