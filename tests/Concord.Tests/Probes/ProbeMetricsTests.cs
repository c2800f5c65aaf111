using Concord.Numerics;
using Concord.Probes;

namespace Concord.Tests.Probes;

public class ProbeMetricsTests
{
    [Fact]
    public void ConfusionAndMacroF1FollowSklearnConventions()
    {
        int[] truth = [0, 0, 1, 1, 2, 2];
        int[] pred = [0, 1, 1, 1, 0, 2];
        var cm = ProbeMetrics.Confusion(truth, pred);
        Assert.Equal([0, 1, 2], cm.Labels);
        Assert.Equal([1, 1, 0], cm.Counts[0]);
        Assert.Equal([0, 2, 0], cm.Counts[1]);
        Assert.Equal([1, 0, 1], cm.Counts[2]);
        Assert.Equal([0.5, 0.5, 0.0], cm.RowNormalised()[0]);
        // F1 per class: 2TP/(2TP+FP+FN) = 2/4, 4/5, 2/3 → mean 0.6555…
        Assert.Equal((0.5 + 0.8 + 2.0 / 3) / 3, ProbeMetrics.MacroF1(truth, pred), 12);
        Assert.Equal(4.0 / 6, ProbeMetrics.Accuracy(truth, pred), 12);
    }

    [Fact]
    public void RmseAndR2()
    {
        double[] y = [1, 2, 3, 4];
        Assert.Equal(0.0, ProbeMetrics.Rmse(y, y));
        Assert.Equal(1.0, ProbeMetrics.R2(y, y));
        Assert.Equal(0.0, ProbeMetrics.R2(y, [2.5, 2.5, 2.5, 2.5]), 12);
        Assert.Equal(Math.Sqrt(1.25), ProbeMetrics.Rmse(y, [2.5, 2.5, 2.5, 2.5]), 12);
    }

    [Fact]
    public void BaselinesUseTrainingLabelsOnly()
    {
        var m = ChanceBaselines.Majority([2, 2, 2, 5, 5, 1], [5, 5, 5, 2]);
        Assert.Equal(2, m.Class);
        Assert.Equal(0.5, m.TrainShare);
        Assert.Equal(0.25, m.TestAccuracy);
        Assert.Equal(Math.Sqrt((1.0 + 9.0) / 2), ChanceBaselines.MeanPredictorRmse([1, 3], [1, 5]), 12);
    }

    [Fact]
    public void AggregationOverSeedsUsesPopulationSd()
    {
        ProbeEvaluation E(double s) => new()
        {
            Kind = ProbeKind.Logistic, Method = ProbeMethod.Lbfgs, Standardization = StandardizationMode.TrainFit,
            TrainRows = 1, TestRows = 1, Features = 1, TestScore = s, TrainScore = s, Baseline = 0.25,
        };
        var results = new[] { 0.6, 0.7, 0.8, 0.9 }.Select((s, i) => new ProbeResult("Regular", "conv3", i, "instrument", E(s)))
            .Append(new ProbeResult("Regular", "conv1", 0, "instrument", E(0.5)));
        var summary = ProbeAggregation.OverSeeds(results);
        Assert.Equal(2, summary.Count);
        Assert.Equal(4, summary[0].N);
        Assert.Equal(0.75, summary[0].Mean, 12);
        Assert.Equal(Math.Sqrt(0.0125), summary[0].Sd, 12);
        Assert.Equal(ProbeMethod.Lbfgs, summary[0].Solver);
    }

    [Fact]
    public void RobustnessMatrixDecodesEveryTaskFromEveryNetwork()
    {
        var rng = new Random(2);
        Matrix M(int n) { var m = new Matrix(n, 3); for (int i = 0; i < m.Data.Length; i++) m.Data[i] = (float)rng.NextDouble(); return m; }
        var splits = new[]
        {
            new FeatureSplit("Regular", "conv3", 1, "instrument", M(40), M(20)),
            new FeatureSplit("Regular", "conv3", 1, "pitch", M(40), M(20)),
        };
        double[] cls(int n) => Enumerable.Range(0, n).Select(i => (double)(i % 3)).ToArray();
        double[] reg(int n) => Enumerable.Range(0, n).Select(i => 40.0 + i).ToArray();
        var tasks = new[] { new DecodingTask("instrument", ProbeKind.Logistic, cls(40), cls(20)), new DecodingTask("pitch", ProbeKind.Linear, reg(40), reg(20)) };
        var results = new RobustnessMatrix(new ProbeRunner(new ProbeOptions())).Run(splits, tasks);
        Assert.Equal(4, results.Count);
        Assert.Equal(["instrument→instrument", "instrument→pitch", "pitch→instrument", "pitch→pitch"],
            results.Select(r => $"{r.TrainedOn}→{r.Task}"));
        Assert.Equal(ProbeKind.Linear, results[1].Evaluation.Kind);
        Assert.Equal(4, RobustnessMatrix.Summarise(results).Count);
        var bad = new[] { new DecodingTask("x", ProbeKind.Linear, reg(39), reg(20)) };
        Assert.Throws<ConcordException>(() => new RobustnessMatrix(new ProbeRunner(new ProbeOptions())).Run(splits, bad));
    }
}
