namespace Concord.Probes;

/// <summary>Aggregation of probe results over seeds/initialisations.</summary>
public static class ProbeAggregation
{
    /// <summary>Mean and population SD of <see cref="ProbeEvaluation.TestScore"/> per (feature set, layer, task,
    /// solver, trained-on) group, in first-appearance order.</summary>
    public static IReadOnlyList<SeedSummary> OverSeeds(IEnumerable<ProbeResult> results) =>
        results.GroupBy(r => (r.FeatureSet, r.Layer, r.Task, r.Solver, r.TrainedOn))
            .Select(g =>
            {
                var v = g.Select(r => r.Evaluation.TestScore).ToArray();
                var (mean, sd) = MeanAndPopulationSd(v);
                return new SeedSummary(g.Key.FeatureSet, g.Key.Layer, g.Key.Task, g.Key.Solver, g.Key.TrainedOn,
                    mean, sd, v.Length, g.Average(r => r.Evaluation.Baseline));
            })
            .ToList();

    /// <summary>Mean and √(Σ(v − mean)²/n).</summary>
    public static (double Mean, double Sd) MeanAndPopulationSd(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        double mean = values.Average();
        double ss = values.Sum(v => (v - mean) * (v - mean));
        return (mean, Math.Sqrt(ss / values.Count));
    }
}
