using Concord.Datasets;
using Concord.Experiments;
using Concord.Study.Config;
using Concord.Study.Running;
using Sim = Concord.Similarity;

namespace Concord.Study.Stages;

/// <summary>
/// Computes the configured similarity measures for one pair of representations on the training split with
/// <see cref="Sim.SimilarityAnalysis.Compute(Sim.HeldRepresentation, Sim.Representation, Sim.SimilarityOptions, IProgress{string})"/> and turns the report into result rows; loads the training rows of
/// hand-crafted features and activation files.
/// </summary>
public static class PairSimilarity
{
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

    /// <summary>
    /// The options of one pair with <paramref name="n"/> rows and sides of <paramref name="px"/> and <paramref name="py"/>
    /// columns. Up to <see cref="SimilarityRecord.MaxCalibratedColumns"/> columns the pair gets the configured bootstrap and
    /// null. Wider pairs get no bootstrap and no random permutations (both cost n·p² per resample), but they keep the moment-based null
    /// (<c>similarity.null: moments</c>) up to <see cref="SimilarityRecord.MaxWideMomentRows"/> rows (4,096) when both
    /// sides have a form of it within the cross-product budget (<see cref="Sim.CkaMomentNull.Fits"/>). A wide side then
    /// takes the n × n form: A² of the Gram matrix the CKA already formed, n³ multiply-adds (less than the CKA's n²·p) and
    /// one more n × n matrix (at most 134 MB), so the pair's time and memory stay close to those of the CKA alone.
    /// </summary>
    public static Sim.SimilarityOptions PairOptions(ExperimentConfig c, IReadOnlyList<SimilarityMeasure> measures, long n, long px, long py)
    {
        bool calibrate = Math.Max(px, py) <= SimilarityRecord.MaxCalibratedColumns;
        var options = Options(c, measures, calibrate);
        if (calibrate || !measures.Contains(SimilarityMeasure.LinearCka) || c.Similarity.Null != SimilarityNull.Moments) return options;
        var moments = options with { Null = Sim.CkaNull.Moments };
        return n <= SimilarityRecord.MaxWideMomentRows && Sim.CkaMomentNull.Fits(n, px, moments) && Sim.CkaMomentNull.Fits(n, py, moments) ? moments : options;
    }

    /// <summary>The training-split rows of a hand-crafted feature (the whole-dataset [N, d] file, rows selected by the train split).</summary>
    public static Sim.Representation Feature(string path, string name, long[] train)
    {
        var all = Sim.Representation.Load(path);
        var data = all.Data.Span;
        var rows = new double[train.Length * all.Columns];
        for (int i = 0; i < train.Length; i++)
            data.Slice((int)train[i] * all.Columns, all.Columns).CopyTo(rows.AsSpan(i * all.Columns, all.Columns));
        return Sim.Representation.FromRows(rows, train.Length, all.Columns, name);
    }

    /// <summary>
    /// The rows of one pair, the left side held across the pairs of a task (<see cref="Sim.HeldRepresentation"/>). Measures
    /// that need a regression or QR (R²_LR, CCA, SVCCA) are skipped when a side has at least as many columns as training
    /// rows, where they are trivially 1. Row hashes: the pair's content hash (options, both keys) and the measure.
    /// </summary>
    public static IReadOnlyList<SimilarityRecord> Compare(ExperimentConfig c, string experiment, Representation left, string leftKey, Sim.HeldRepresentation x,
        Representation right, string rightKey, Sim.Representation y, IReadOnlyList<SimilarityMeasure> measures)
    {
        int n = x.Rows;
        bool degenerate = Math.Max(x.Columns, y.Columns) >= n - 1;
        var usable = measures.Where(m => m == SimilarityMeasure.LinearCka || !degenerate).ToList();
        if (usable.Count == 0) return [];
        var options = PairOptions(c, usable, n, x.Columns, y.Columns);
        string hash = ArtefactCache.Hash("similarity", new { options, measures = usable }, leftKey, rightKey);
        var report = Sim.SimilarityAnalysis.Compute(x, y, options);   // x held: its share is computed at its first pair
        return usable.Select(m => Row(c, experiment, left, right, m, report, options, n, hash)).ToList();
    }

    /// <summary>
    /// Linear CKA between every pair of channels a ≤ b of one un-averaged tap (<see cref="Sim.ChannelCka"/>); rows have
    /// <see cref="Representation.Channel"/> set on both sides (the diagonal is 1 unless a channel is constant).
    /// </summary>
    public static IReadOnlyList<SimilarityRecord> CompareChannels(ExperimentConfig c, Representation source, string path, string key, int channels)
    {
        var options = Options(c, [SimilarityMeasure.LinearCka], calibrate: false);
        string hash = ArtefactCache.Hash("deep-vs-deep", new { options, channels }, key);
        var grid = Sim.ChannelCka.Compute(path, channels, options);
        var rows = new List<SimilarityRecord>();
        for (int i = 0; i < channels; i++)
            for (int j = i; j < channels; j++)
                rows.Add(new SimilarityRecord(ExperimentIds.ChannelSimilarity, StudyNames.Dataset(c), StudyNames.Profile(c), DataSplit.Train,
                    source with { Channel = i }, source with { Channel = j }, SimilarityMeasure.LinearCka, grid.Cells[i][j].Biased,
                    null, null, null, 0, 0, grid.Cells[i][j].Dimensions.N, $"{hash}:{i}:{j}"));
        return rows;
    }

    private static SimilarityRecord Row(ExperimentConfig c, string experiment, Representation left, Representation right, SimilarityMeasure m, Sim.SimilarityReport r,
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
        return new SimilarityRecord(experiment, StudyNames.Dataset(c), StudyNames.Profile(c), DataSplit.Train, left, right, m, value,
            cka ? r.Bootstrap?.BiasedLow : null, cka ? r.Bootstrap?.BiasedHigh : null, cka ? r.Permutation?.PBiased ?? r.MomentNull?.PBiased : null,
            cka ? o.Permutations : 0, cka ? o.Bootstrap : 0, n, $"{hash}:{m}");
    }
}
