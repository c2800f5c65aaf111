namespace Concord.Probes;

/// <summary>
/// The study's robustness analysis (Fig. 1, Table 16): features from networks trained on task A are decoded for every
/// target task B. Every (feature split, task) pair is one probe; summaries average over seeds per (A, B, layer).
/// </summary>
public sealed class RobustnessMatrix
{
    private readonly ProbeRunner _runner;

    public RobustnessMatrix(ProbeRunner runner) => _runner = runner;

    /// <summary>Decodes every task from every feature split, in input order.</summary>
    /// <exception cref="ConcordException">A task's target counts do not match a split's rows, or a bad probe input.</exception>
    public IReadOnlyList<ProbeResult> Run(IEnumerable<FeatureSplit> features, IReadOnlyList<DecodingTask> tasks,
        IProgress<ProbeResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new List<ProbeResult>();
        foreach (var f in features)
            foreach (var t in tasks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (t.Train.Length != f.Train.Rows || t.Test.Length != f.Test.Rows)
                    throw new ConcordException($"task '{t.Name}': {t.Train.Length}/{t.Test.Length} train/test targets but feature set '{f.FeatureSet}' {f.Layer} has {f.Train.Rows}/{f.Test.Rows} rows");
                var eval = t.Kind == ProbeKind.Logistic
                    ? _runner.Classify(f.Train, ProbeLabels.FromTargets(t.Train, $"task '{t.Name}' train"), f.Test,
                        ProbeLabels.FromTargets(t.Test, $"task '{t.Name}' test"), cancellationToken)
                    : _runner.Regress(f.Train, t.Train, f.Test, t.Test);
                var r = new ProbeResult(f.FeatureSet, f.Layer, f.Seed, t.Name, eval, f.TrainedOn);
                results.Add(r);
                progress?.Report(r);
            }
        return results;
    }

    /// <summary>Seed-averaged cells, one per (trained-on A, target B, feature set, layer, solver).</summary>
    public static IReadOnlyList<SeedSummary> Summarise(IEnumerable<ProbeResult> results) => ProbeAggregation.OverSeeds(results);
}
