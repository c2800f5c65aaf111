using Concord.Datasets;
using Concord.Experiments;
using Concord.Networks;
using Concord.Numerics;
using Concord.Probes;
using Concord.Study.Config;
using Concord.Study.Running;

namespace Concord.Study.Stages;

/// <summary>One probe of a <see cref="ProbeTask"/>: which experiment's row it makes, on which task, with which options.</summary>
/// <param name="Experiment">Experiment id of the row.</param>
/// <param name="Task">The decoded task.</param>
/// <param name="AllLayer">True for the all-layer experiments (their standardisation follows <c>quirks.testSelfStandardisation</c>).</param>
/// <param name="Confusion">True when the confusion matrix is kept (conv3 of the first seed on the main task).</param>
public sealed record ProbeUnit(string Experiment, string Task, bool AllLayer, bool Confusion);

/// <summary>
/// <c>probes</c>: every probe that reads one representation, with <see cref="ProbeRunner"/> (logistic probe for
/// classification tasks, linear probe for regression tasks). The representation is a hand-crafted feature set, a tap of
/// one network, a concatenation of both, or the chance baseline (majority class / mean predictor). Probes that share
/// the task and options are fitted once and reported under each experiment that uses them. With <c>probes.batch</c>
/// (default) the classification tasks of one standardised design are fitted in one <see cref="ProbeRunner.Classify(ProbeDesign, IReadOnlyList{ClassificationTarget}, CancellationToken)"/>
/// call, which trains paper-SGD probes together with bit-identical results; the key is therefore not in the hash.
/// </summary>
public sealed record ProbeTask : StudyTask
{
    /// <summary>The config.</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>The prepared dataset (labels and splits).</summary>
    public required PrepareTask Prepared { get; init; }
    /// <summary>What is decoded.</summary>
    public required Representation Source { get; init; }
    /// <summary>The extraction holding the deep side, or null.</summary>
    public ActivationTask? Deep { get; init; }
    /// <summary>The features holding the hand-crafted side, or null.</summary>
    public FeaturesTask? Features { get; init; }
    /// <summary>The probes.</summary>
    public required IReadOnlyList<ProbeUnit> Units { get; init; }

    public override StudyTaskKind Kind => StudyTaskKind.Probes;
    public override string Label => $"probe {Source.Label}" + (Source.Kind == RepresentationKind.Deep ? $" of {Source.Architecture} seed {Source.Seed}" + (Source.Trained == false ? " untrained" : "") : "");
    public override IReadOnlyList<StudyTask> Inputs => [Prepared, .. (Deep is null ? Array.Empty<StudyTask>() : [Deep]), .. (Features is null ? Array.Empty<StudyTask>() : [Features])];
    public override double EstimatedSeconds => TaskCostModel.Probes(Config, Source, Units.Select(u => (u.Task, u.AllLayer)).Distinct().Count(),
        Deep is not null && Source.Kind == RepresentationKind.Deep ? Deep.Width(Source) : null,
        Units.Where(u => TaskCostModel.LikelyRegression(Config, u.Task)).Select(u => (u.Task, u.AllLayer)).Distinct().Count());

    /// <summary>A probe task; its hash covers the probe options, the units and the inputs' keys.</summary>
    public static ProbeTask For(ExperimentConfig c, PrepareTask prepared, Representation source, ActivationTask? deep, FeaturesTask? features, IReadOnlyList<ProbeUnit> units)
    {
        var keys = new List<string> { prepared.Hash };
        if (deep is not null) keys.AddRange(deep.Splits.Select(s => deep.Key(source, s)));
        if (features is not null) keys.Add(features.Hash + source.FeatureSet);
        return new ProbeTask
        {
            Config = c, Prepared = prepared, Source = source, Deep = deep, Features = features, Units = units,
            Hash = ArtefactCache.Hash("probes", new { source, units, plain = Options(c, false), allLayer = Options(c, true) }, keys),
        };
    }

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

    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
    {
        var c = Config;
        var cache = PreparedCache.Open(PrepareTask.CachePath(context.Input(Prepared)));
        int[] train = cache.TrainIndices().Select(i => (int)i).ToArray(), test = cache.TestIndices().Select(i => (int)i).ToArray();
        if (Source.Kind == RepresentationKind.Chance)
            return new TaskResults { Probes = Units.Select(u => ChanceRow(cache, u.Task, train, test)).ToList() };

        CheckMemory(context, cache, train.Length, test.Length);
        var (xTrain, xTest) = Load(context, train, test);
        var probes = new List<ProbeRecord>();
        var confusions = new List<ConfusionRecord>();
        var evaluated = new Dictionary<(string Task, bool AllLayer), ProbeEvaluation>();
        // Standardised once per mode, with one ridge factorisation shared by every regression target (issue 13).
        var designs = new Dictionary<bool, ProbeDesign>();
        bool testSelfDiffers = Options(c, true).Standardization != Options(c, false).Standardization;
        bool Mode(ProbeUnit u) => u.AllLayer && testSelfDiffers;
        bool Classification(string task) => cache.Task(task).Kind != Datasets.TaskKind.Regression;
        for (int i = 0; i < Units.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var u = Units[i];
            bool allLayer = Mode(u);
            context.Report(i, Units.Count, $"→ {u.Task} ({u.Experiment})");
            if (!evaluated.ContainsKey((u.Task, allLayer)))
            {
                var runner = new ProbeRunner(Options(c, allLayer));
                if (!designs.TryGetValue(allLayer, out var design)) designs[allLayer] = design = runner.Prepare(xTrain, xTest);
                // probes.batch: every classification task of this design not yet fitted, in one call (paper SGD trains them
                // together, bit-identical to one by one); otherwise this unit's task alone.
                var tasks = c.Probes.Batch && Classification(u.Task)
                    ? Units.Where(v => Mode(v) == allLayer && Classification(v.Task)).Select(v => v.Task).Where(t => !evaluated.ContainsKey((t, allLayer))).Distinct().ToList()
                    : [u.Task];
                var evaluations = Evaluate(cache, tasks, runner, design, train, test, cancellationToken);
                for (int t = 0; t < tasks.Count; t++) evaluated[(tasks[t], allLayer)] = evaluations[t];
            }
            var e = evaluated[(u.Task, allLayer)];
            bool classification = e.Kind == ProbeKind.Logistic;
            string rowHash = $"{Hash}:{u.Experiment}:{u.Task}";
            probes.Add(new ProbeRecord(u.Experiment, StudyNames.Dataset(c), StudyNames.Profile(c), u.Task, Source,
                classification ? ProbeMetric.AccuracyPercent : ProbeMetric.Rmse, classification ? 100 * e.TrainScore : e.TrainScore,
                classification ? 100 * e.TestScore : e.TestScore, e.TrainRows, e.TestRows, rowHash, e.Degenerate));
            if (u.Confusion && e.Confusion is { } cm)
            {
                var classes = cache.Task(u.Task).Classes;
                int k = classes.Count;
                var counts = new int[k][];
                for (int r = 0; r < k; r++) counts[r] = new int[k];
                for (int r = 0; r < cm.Labels.Count; r++)
                    for (int col = 0; col < cm.Labels.Count; col++)
                        counts[cm.Labels[r]][cm.Labels[col]] = cm.Counts[r][col];
                confusions.Add(new ConfusionRecord(ExperimentIds.Exploration, StudyNames.Dataset(c), StudyNames.Profile(c), u.Task, Source, classes, counts, rowHash + ":confusion"));
            }
        }
        return new TaskResults { Probes = probes, Confusions = confusions, Note = $"{evaluated.Count} probes" };
    }

    /// <summary>Refuses the task before loading when its probes' working set (<see cref="ProbeMemory"/>) exceeds the budget.</summary>
    private void CheckMemory(TaskContext context, PreparedCache cache, int trainRows, int testRows)
    {
        long Columns(string path) => Concord.IO.Npy.ReadHeader(path).RowLength;
        long deep = Source.Kind is RepresentationKind.Deep or RepresentationKind.External or RepresentationKind.Concatenated
            ? Columns(Deep!.File(context.Input(Deep!), Source, DataSplit.Train)) : 0;
        long hand = Source.Kind is RepresentationKind.Handcrafted or RepresentationKind.Concatenated
            ? Columns(FeaturesTask.FeatureFile(context.Input(Features!), Source.FeatureSet!)) : 0;
        var tasks = Units.Select(u => cache.Task(u.Task)).ToList();
        bool regression = tasks.Any(t => t.Kind == Datasets.TaskKind.Regression);
        int classes = tasks.Where(t => t.Kind != Datasets.TaskKind.Regression).Select(t => t.Classes.Count).DefaultIfEmpty(0).Max();
        var need = ProbeMemory.Estimate(trainRows, testRows, deep + hand, Options(Config, false), regression, classes);
        context.RequireMemory(need, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{trainRows:#,0} training and {testRows:#,0} test rows × {deep + hand:#,0} columns"));
    }

    private (Matrix Train, Matrix Test) Load(TaskContext context, int[] train, int[] test)
    {
        (Matrix, Matrix) Handcrafted()
        {
            var all = ProbeData.LoadFeatures(FeaturesTask.FeatureFile(context.Input(Features!), Source.FeatureSet!));
            return (all.SelectRows(train), all.SelectRows(test));
        }
        (Matrix, Matrix) DeepSide()
        {
            string folder = context.Input(Deep!);
            return (ProbeData.LoadFeatures(Deep!.File(folder, Source, DataSplit.Train)), ProbeData.LoadFeatures(Deep.File(folder, Source, DataSplit.Test)));
        }
        return Source.Kind switch
        {
            RepresentationKind.Handcrafted => Handcrafted(),
            RepresentationKind.Deep or RepresentationKind.External => DeepSide(),
            RepresentationKind.Concatenated => Concatenate(DeepSide(), Handcrafted()),
            _ => throw new InvalidOperationException($"probe task of a {Source.Kind} representation"),
        };
    }

    private static (Matrix, Matrix) Concatenate((Matrix Train, Matrix Test) deep, (Matrix Train, Matrix Test) hand) =>
        (Concat(deep.Train, hand.Train), Concat(deep.Test, hand.Test));

    /// <summary>Evaluates <paramref name="tasks"/> on the design: a regression task alone, classification tasks in one call.</summary>
    private static IReadOnlyList<ProbeEvaluation> Evaluate(PreparedCache cache, IReadOnlyList<string> tasks, ProbeRunner runner, ProbeDesign design,
        int[] train, int[] test, CancellationToken ct)
    {
        if (tasks is [var task] && cache.Task(task).Kind == Datasets.TaskKind.Regression)
        {
            var y = cache.LoadValues(task);
            return [runner.Regress(design, train.Select(i => y[i]).ToArray(), test.Select(i => y[i]).ToArray())];
        }
        var targets = tasks.Select(t => cache.LoadCodes(t)).Select(codes => new ClassificationTarget
        {
            Labels = train.Select(i => (int)codes[i]).ToArray(), TestLabels = test.Select(i => (int)codes[i]).ToArray(),
        }).ToList();
        return runner.Classify(design, targets, ct);
    }

    private ProbeRecord ChanceRow(PreparedCache cache, string task, int[] train, int[] test)
    {
        var c = Config;
        string hash = $"{Hash}:{task}";
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
