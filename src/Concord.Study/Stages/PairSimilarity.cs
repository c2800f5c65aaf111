using System.Text.Json;
using Concord.Datasets;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.IO;
using Sim = Concord.Similarity;

using Concord.Experiments;

namespace Concord.Study.Stages;

/// <summary>
/// Computes the configured similarity measures for one pair of representations on the training split with
/// <see cref="Sim.SimilarityAnalysis.Compute"/>, through the artefact cache, and turns the report into result rows.
/// Matrices are loaded once per stage and kept while the stage runs.
/// </summary>
public sealed class PairSimilarity(StageContext context, string stage)
{
    private readonly Dictionary<string, Sim.Representation> _loaded = new(StringComparer.Ordinal);
    private long[]? _train;
    public int Computed { get; private set; }
    public int Reused { get; private set; }

    /// <summary>
    /// Widest side (columns) for which the permutation p-value and bootstrap CI are computed: the calibration works in
    /// feature space (cost n·p²), which is prohibitive for the wide early taps; conv3 and hand-crafted sets are below it.
    /// </summary>
    public const int MaxCalibratedColumns = 2048;

    /// <summary>Similarity options implied by the config (CCA normaliser from the quirk).</summary>
    public static Sim.SimilarityOptions Options(ExperimentConfig c, IReadOnlyList<SimilarityMeasure> measures, bool calibrate = true) => new()
    {
        Measures = measures.Select(m => m switch
        {
            SimilarityMeasure.LinearCka => Sim.SimilarityMeasure.LinearCka,
            SimilarityMeasure.R2Lr => Sim.SimilarityMeasure.LinearRegression,
            SimilarityMeasure.R2Cca or SimilarityMeasure.MeanRhoCca => Sim.SimilarityMeasure.Cca,
            _ => Sim.SimilarityMeasure.Svcca,
        }).Distinct().ToList(),
        CcaNormalizer = c.Quirks.IsOn("quirks.ccaDividedByDeepDimension", c.Profile) ? Sim.CcaNormalizer.FirstDimension : Sim.CcaNormalizer.MinDimension,
        Null = calibrate && measures.Contains(SimilarityMeasure.LinearCka) && c.Similarity.Null == SimilarityNull.Moments ? Sim.CkaNull.Moments : Sim.CkaNull.None,
        Permutations = calibrate && measures.Contains(SimilarityMeasure.LinearCka) && c.Similarity.Null == SimilarityNull.Permutations ? c.Similarity.Permutations : 0,
        Bootstrap = calibrate && measures.Contains(SimilarityMeasure.LinearCka) ? c.Similarity.Bootstrap : 0,
        ConfidenceLevel = c.Similarity.ConfidenceLevel,
        Seed = c.Similarity.Seed,
        Threads = c.Threads ?? Environment.ProcessorCount,
    };

    /// <summary>The training-split rows of a hand-crafted feature (the whole-dataset [N, d] file, rows selected by the train split).</summary>
    public Sim.Representation Feature(string name)
    {
        string key = "feature:" + name;
        if (_loaded.TryGetValue(key, out var r)) return r;
        var all = Sim.Representation.Load(Path.Combine(context.State.FeaturesDir!, name + ".npy"));
        _train ??= PreparedCache.Open(context.State.PreparedCache!).TrainIndices();
        var data = all.Data.Span;
        var rows = new double[_train.Length * all.Columns];
        for (int i = 0; i < _train.Length; i++)
            data.Slice((int)_train[i] * all.Columns, all.Columns).CopyTo(rows.AsSpan(i * all.Columns, all.Columns));
        return _loaded[key] = Sim.Representation.FromRows(rows, _train.Length, all.Columns, name);
    }

    /// <summary>A deep activation file (already one split).</summary>
    public Sim.Representation Activation(ActivationArtefact a)
    {
        if (_loaded.TryGetValue(a.Path, out var r)) return r;
        return _loaded[a.Path] = Sim.Representation.Load(a.Path);
    }

    /// <summary>Frees loaded matrices that are no longer needed.</summary>
    public void Forget(string path) => _loaded.Remove(path);

    /// <summary>
    /// Computes (or reuses) the measures for one pair and stores the rows. Measures that need a regression or QR (R²_LR,
    /// CCA, SVCCA) are skipped when a side has at least as many columns as training rows, where they are trivially 1.
    /// </summary>
    public void Compare(string experiment, Representation left, string leftKey, Sim.Representation x, Representation right, string rightKey, Sim.Representation y,
        IReadOnlyList<SimilarityMeasure> measures)
    {
        var c = context.Config;
        int n = x.Rows;
        bool degenerate = Math.Max(x.Columns, y.Columns) >= n - 1;
        var usable = measures.Where(m => m == SimilarityMeasure.LinearCka || !degenerate).ToList();
        if (usable.Count == 0) return;
        var options = Options(c, usable, calibrate: Math.Max(x.Columns, y.Columns) <= MaxCalibratedColumns);
        string hash = ArtefactCache.Hash(stage, new { options, measures = usable }, leftKey, rightKey);
        string dir = context.Cache.GetOrCompute(stage, hash, d =>
        {
            var report = Sim.SimilarityAnalysis.Compute(x, y, options);
            var rows = usable.Select(m => Row(experiment, left, right, m, report, options, n, hash)).ToList();
            AtomicFile.WriteAllText(Path.Combine(d, "rows.json"), JsonSerializer.Serialize(rows, ExperimentConfigLoader.Options));
        }, context.Force, out bool computed);
        Store(dir, computed);
    }

    /// <summary>
    /// Linear CKA between every pair of channels a ≤ b of one un-averaged tap (<see cref="Sim.ChannelCka"/>), through the
    /// cache; rows have <see cref="Representation.Channel"/> set on both sides (the diagonal is 1 unless a channel is constant).
    /// </summary>
    public void CompareChannels(ActivationArtefact a)
    {
        if (a.Channels is not int channels) throw new ConcordException($"{a.Path}: not an un-averaged (per-channel) activation file");
        var options = Options(context.Config, [SimilarityMeasure.LinearCka], calibrate: false);
        string hash = ArtefactCache.Hash(stage, new { options, channels }, a.Hash + Path.GetFileName(a.Path));
        string dir = context.Cache.GetOrCompute(stage, hash, d =>
        {
            var grid = Sim.ChannelCka.Compute(a.Path, channels, options);
            var rows = new List<SimilarityRecord>();
            for (int i = 0; i < channels; i++)
                for (int j = i; j < channels; j++)
                    rows.Add(new SimilarityRecord(ExperimentIds.ChannelSimilarity, StudyNames.Dataset(context.Config), StudyNames.Profile(context.Config), DataSplit.Train,
                        a.Source with { Channel = i }, a.Source with { Channel = j }, SimilarityMeasure.LinearCka, grid.Cells[i][j].Biased,
                        null, null, null, 0, 0, grid.Cells[i][j].Dimensions.N, $"{hash}:{i}:{j}"));
            AtomicFile.WriteAllText(Path.Combine(d, "rows.json"), JsonSerializer.Serialize(rows, ExperimentConfigLoader.Options));
        }, context.Force, out bool computed);
        Store(dir, computed);
    }

    private void Store(string dir, bool computed)
    {
        if (computed) Computed++; else Reused++;
        var stored = JsonSerializer.Deserialize<SimilarityRecord[]>(File.ReadAllText(Path.Combine(dir, "rows.json")), ExperimentConfigLoader.Options)!;
        context.Store.PutSimilarities(stored);
        foreach (var s in stored) context.State.ResultHashes.Add(s.ArtefactHash);
    }

    private SimilarityRecord Row(string experiment, Representation left, Representation right, SimilarityMeasure m, Sim.SimilarityReport r,
        Sim.SimilarityOptions o, int n, string hash)
    {
        double value = m switch
        {
            SimilarityMeasure.LinearCka => r.LinearCka!.Biased,
            SimilarityMeasure.R2Lr => r.Regression!.XGivenY,
            SimilarityMeasure.R2Cca => r.Cca!.R2,
            SimilarityMeasure.MeanRhoCca => r.Cca!.Rho,
            SimilarityMeasure.SvccaR2 => r.Svcca!.R2,
            _ => r.Svcca!.Rho,
        };
        bool cka = m == SimilarityMeasure.LinearCka;
        return new SimilarityRecord(experiment, StudyNames.Dataset(context.Config), StudyNames.Profile(context.Config), DataSplit.Train, left, right, m, value,
            cka ? r.Bootstrap?.BiasedLow : null, cka ? r.Bootstrap?.BiasedHigh : null, cka ? r.Permutation?.PBiased ?? r.MomentNull?.PBiased : null,
            cka ? o.Permutations : 0, cka ? o.Bootstrap : 0, n, $"{hash}:{m}");
    }
}
