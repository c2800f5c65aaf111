using Concord.Networks;
using System.Text.Json;
using Concord.Datasets;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.IO;
using Concord.Numerics;
using Concord.Probes;

using Concord.Experiments;

namespace Concord.Study.Stages;

/// <summary>
/// <c>probes</c>: every decoding of the study with <see cref="ProbeRunner"/> (logistic probe for classification tasks,
/// linear probe for regression tasks): the chance rows; Experiment 1's decoding tables (hand-crafted sets, trained conv3
/// of every architecture, the networks' own accuracy), the robustness matrix (every tap of networks trained on each task,
/// decoding each task), the channel variants; Experiment 3's untrained decoding by layer; the concatenations; and the
/// confusion matrices of the conv3 probes (exploration). Each probe is one cached artefact.
/// </summary>
public sealed class ProbeStage : IRunStage
{
    /// <inheritdoc />
    public string Name => "probes";

    /// <inheritdoc />
    public IReadOnlyList<string> DependsOn => ["features", "extract"];

    /// <summary>Probe options: the paper profile uses the study's SGD softmax regression, corrected uses L-BFGS.</summary>
    public static ProbeOptions Options(ExperimentConfig c, bool allLayerExperiment)
    {
        bool paperSolver = (c.Probes.Solver ?? (c.Profile == Profile.Paper ? ProbeSolver.PaperSgd : ProbeSolver.Lbfgs)) == ProbeSolver.PaperSgd;
        var logistic = new LogisticProbeOptions
        {
            Solver = paperSolver ? LogisticSolver.PaperSgd : LogisticSolver.Lbfgs,
            Workers = c.Threads ?? Environment.ProcessorCount,
            MaxIterations = c.Probes.MaxIterations,
            PaperSgd = new PaperSgdOptions
            {
                Epochs = c.Probes.Epochs, BatchSize = c.Probes.BatchSize, LearningRate = c.Probes.LearningRate, Momentum = c.Probes.Momentum,
                Seed = c.Probes.Seed, DoubleSoftmax = c.Quirks.IsOn("quirks.doubleSoftmax", c.Profile),
            },
        };
        bool testSelf = allLayerExperiment && c.Quirks.IsOn("quirks.testSelfStandardisation", c.Profile);
        // Regression: corrected = ridge with α by leave-one-out CV on the training split; paper = least squares, flagged when p ≥ n.
        var linear = c.Profile == Profile.Paper ? new LinearProbeOptions() : LinearProbeOptions.CrossValidatedRidge;
        return new ProbeOptions { Logistic = logistic, Linear = linear, Standardization = testSelf ? StandardizationMode.TestSelf : StandardizationMode.TrainFit };
    }

    private sealed record Unit(string Experiment, Representation Source, string Task, string InputKey, Func<(Matrix Train, Matrix Test)> Load, bool AllLayer, bool Confusion);

    /// <inheritdoc />
    public StageResult Run(StageContext context, CancellationToken cancellationToken)
    {
        var c = context.Config;
        var cache = PreparedCache.Open(context.State.PreparedCache!);
        int[] train = cache.TrainIndices().Select(i => (int)i).ToArray(), test = cache.TestIndices().Select(i => (int)i).ToArray();
        string main = c.Dataset.MainTask;
        var tasks = new[] { main }.Concat(c.Dataset.RelatedTasks).ToList();
        var features = Features.FeatureRegistry.Default.Resolve(string.Join(",", c.Features)).Select(f => f.Name).ToList();
        var loaded = new Dictionary<string, Matrix>(StringComparer.Ordinal);
        Matrix Load(string path) => loaded.TryGetValue(path, out var m) ? m : loaded[path] = ProbeData.LoadFeatures(path);
        (Matrix, Matrix) Handcrafted(string f) { var all = Load(Path.Combine(context.State.FeaturesDir!, f + ".npy")); return (all.SelectRows(train), all.SelectRows(test)); }
        (Matrix, Matrix) Deep(Representation s)
        {
            var pair = context.State.Activations.Where(a => a.Source == s).ToList();
            return (Load(pair.Single(a => a.Split == DataSplit.Train).Path), Load(pair.Single(a => a.Split == DataSplit.Test).Path));
        }
        string Key(Representation s) => string.Join("|", context.State.Activations.Where(a => a.Source == s).OrderBy(a => a.Split).Select(a => a.Hash + Path.GetFileName(a.Path)));
        var deepSources = context.State.Activations.Select(a => a.Source).Distinct().ToList();

        var units = new List<Unit>();
        if (c.Experiments.Decoding)
            foreach (string task in tasks)
            {
                foreach (string f in features)
                    units.Add(new(ExperimentIds.Decoding, Representation.Handcrafted(f), task, context.State.FeaturesHash + f, () => Handcrafted(f), false, false));
                foreach (var s in deepSources.Where(s => s.Trained == true && s.Tap == Tap.Conv3 && s.TrainTask == main && s.Variant is null))
                    units.Add(new(ExperimentIds.Decoding, s, task, Key(s), () => Deep(s), false, task == main && s.Seed == c.Seeds[0]));
            }
        if (c.Experiments.Robustness)
            foreach (var s in deepSources.Where(s => s.Trained == true && s.Variant is null && c.AllLayerArchitectures.Contains(s.Architecture!.Value)))
                foreach (string task in tasks)
                    units.Add(new(ExperimentIds.Robustness, s, task, Key(s), () => Deep(s), true, false));
        if (c.Experiments.Channels)
            foreach (var s in deepSources.Where(s => s.Trained == true && s.Variant is not null && s.Tap == Tap.Conv3))
                units.Add(new(ExperimentIds.Channels, s, main, Key(s), () => Deep(s), false, false));
        if (c.Experiments.Untrained)
            // Every untrained tap that was extracted (conv3 of every architecture, all layers of the all-layer ones),
            // beside the trained all-layer taps it is compared with.
            foreach (var s in deepSources.Where(s => s.TrainTask == main && s.Variant is null
                         && (s.Trained == false || c.AllLayerArchitectures.Contains(s.Architecture!.Value))))
                units.Add(new(ExperimentIds.Untrained, s, main, Key(s), () => Deep(s), true, false));
        if (c.Experiments.Concatenation)
            foreach (var s in deepSources.Where(s => s.Trained == true && s.Tap == Tap.Conv3 && s.TrainTask == main && s.Variant is null && c.AllLayerArchitectures.Contains(s.Architecture!.Value)))
                foreach (string f in features)
                {
                    var src = s with { Kind = RepresentationKind.Concatenated, FeatureSet = f };
                    units.Add(new(ExperimentIds.Concatenation, src, main, Key(s) + "+" + context.State.FeaturesHash + f, () =>
                    {
                        var (dt, de) = Deep(s);
                        var (ht, he) = Handcrafted(f);
                        return (Concat(dt, ht), Concat(de, he));
                    }, false, false));
                }

        int computed = 0, reused = 0;
        var labelKey = context.State.PreparedHash!;
        var probes = new List<ProbeRecord>();
        var confusions = new List<ConfusionRecord>();
        foreach (string task in tasks) probes.Add(ChanceRow(context, cache, task, train, test, labelKey));
        for (int i = 0; i < units.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var u = units[i];
            context.Report(Name, i, units.Count, $"{u.Source.Label} → {u.Task}");
            var options = Options(c, u.AllLayer);
            string hash = ArtefactCache.Hash(Name, options, u.InputKey, labelKey + u.Task + ":degenerate-flag");
            string dir = context.Cache.GetOrCompute(Name, hash, d =>
            {
                var (xTrain, xTest) = u.Load();
                var ev = Evaluate(cache, u.Task, options, xTrain, xTest, train, test, cancellationToken);
                AtomicFile.WriteAllText(Path.Combine(d, "evaluation.json"), JsonSerializer.Serialize(new StoredEvaluation(
                    ev.Kind == ProbeKind.Logistic, ev.TrainScore, ev.TestScore, ev.TrainRows, ev.TestRows,
                    ev.Confusion?.Labels.ToArray(), ev.Confusion?.Counts.ToArray(), ev.Degenerate)));
            }, context.Force, out bool made);
            if (made) computed++; else reused++;
            var e = JsonSerializer.Deserialize<StoredEvaluation>(File.ReadAllText(Path.Combine(dir, "evaluation.json")))!;
            string rowHash = $"{hash}:{u.Experiment}";
            probes.Add(new ProbeRecord(u.Experiment, StudyNames.Dataset(c), StudyNames.Profile(c), u.Task, u.Source,
                e.Classification ? ProbeMetric.AccuracyPercent : ProbeMetric.Rmse, e.Classification ? 100 * e.Train : e.Train,
                e.Classification ? 100 * e.Test : e.Test, e.TrainRows, e.TestRows, rowHash, e.Degenerate));
            if (u.Confusion && e.Labels is not null && e.Counts is not null)
            {
                var classes = cache.Task(u.Task).Classes;
                var k = classes.Count;
                var counts = new int[k][];
                for (int r = 0; r < k; r++) counts[r] = new int[k];
                for (int r = 0; r < e.Labels.Length; r++)
                    for (int col = 0; col < e.Labels.Length; col++)
                        counts[e.Labels[r]][e.Labels[col]] = e.Counts[r][col];
                confusions.Add(new ConfusionRecord(ExperimentIds.Exploration, StudyNames.Dataset(c), StudyNames.Profile(c), u.Task, u.Source, classes, counts, rowHash + ":confusion"));
            }
            loaded.Clear();
        }
        context.Store.PutProbes(probes);
        context.Store.PutConfusions(confusions);
        foreach (var p in probes) context.State.ResultHashes.Add(p.ArtefactHash);
        foreach (var cm in confusions) context.State.ResultHashes.Add(cm.ArtefactHash);
        foreach (var (id, on) in c.Experiments.Enumerate())
        {
            if (!on || id is not (ExperimentIds.Decoding or ExperimentIds.Robustness or ExperimentIds.Channels or ExperimentIds.Untrained
                    or ExperimentIds.Concatenation or ExperimentIds.Exploration)) continue;   // the experiments this stage produces
            bool any = id == ExperimentIds.Exploration ? confusions.Count > 0 : units.Any(u => u.Experiment == id);
            context.State.Mark(id, any ? StageStatus.Done : StageStatus.NotMeasured, any ? "" : id switch
            {
                ExperimentIds.Robustness => "needs networks trained on the related tasks (dataset.relatedTasks) of an all-layer architecture",
                ExperimentIds.Channels => "no channel variants are configured (channelVariants)",
                _ => "no activations or features were available for it",
            });
        }
        if (c.Experiments.Untrained && units.Any(u => u.Experiment == ExperimentIds.Untrained)) context.State.Mark(ExperimentIds.Untrained, StageStatus.Done);
        return StageResult.Done(computed, reused, $"{units.Count} probes");
    }

    private sealed record StoredEvaluation(bool Classification, double Train, double Test, int TrainRows, int TestRows, int[]? Labels, int[][]? Counts, bool Degenerate = false);

    private static ProbeEvaluation Evaluate(PreparedCache cache, string task, ProbeOptions options, Matrix xTrain, Matrix xTest, int[] train, int[] test, CancellationToken ct)
    {
        var runner = new ProbeRunner(options);
        var t = cache.Task(task);
        if (t.Kind == Datasets.TaskKind.Regression)
        {
            var y = cache.LoadValues(task);
            return runner.Regress(xTrain, train.Select(i => y[i]).ToArray(), xTest, test.Select(i => y[i]).ToArray());
        }
        var codes = cache.LoadCodes(task);
        return runner.Classify(xTrain, train.Select(i => (int)codes[i]).ToArray(), xTest, test.Select(i => (int)codes[i]).ToArray(), ct);
    }

    private static ProbeRecord ChanceRow(StageContext context, PreparedCache cache, string task, int[] train, int[] test, string labelKey)
    {
        var c = context.Config;
        string hash = ArtefactCache.Hash("chance", task, labelKey);
        context.State.ResultHashes.Add(hash);
        if (cache.Task(task).Kind == Datasets.TaskKind.Regression)
        {
            var y = cache.LoadValues(task);
            double[] yt = train.Select(i => y[i]).ToArray(), ye = test.Select(i => y[i]).ToArray();
            return new ProbeRecord(ExperimentIds.Decoding, StudyNames.Dataset(c), StudyNames.Profile(c), task, Representation.Chance, ProbeMetric.Rmse,
                ChanceBaselines.MeanPredictorRmse(yt, yt), ChanceBaselines.MeanPredictorRmse(yt, ye), train.Length, test.Length, hash);
        }
        var codes = cache.LoadCodes(task);
        var m = ChanceBaselines.Majority(train.Select(i => (int)codes[i]).ToArray(), test.Select(i => (int)codes[i]).ToArray());
        return new ProbeRecord(ExperimentIds.Decoding, StudyNames.Dataset(c), StudyNames.Profile(c), task, Representation.Chance, ProbeMetric.AccuracyPercent,
            100 * m.TrainShare, 100 * m.TestAccuracy, train.Length, test.Length, hash);
    }

    /// <summary>Column-wise concatenation [a | b] of two matrices with the same rows.</summary>
    private static Matrix Concat(Matrix a, Matrix b)
    {
        if (a.Rows != b.Rows) throw new ConcordException($"cannot concatenate {a.Rows} deep rows with {b.Rows} hand-crafted rows");
        var data = new float[a.Rows * (a.Cols + b.Cols)];
        for (int r = 0; r < a.Rows; r++)
        {
            a.Row(r).CopyTo(data.AsSpan(r * (a.Cols + b.Cols), a.Cols));
            b.Row(r).CopyTo(data.AsSpan(r * (a.Cols + b.Cols) + a.Cols, b.Cols));
        }
        return new Matrix(data, a.Rows, a.Cols + b.Cols);
    }
}
