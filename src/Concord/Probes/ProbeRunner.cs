using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// Composes one decoding run: standardise (<see cref="ProbeOptions.Standardization"/>), fit the probe on the training
/// split, score the test split, and attach the chance baseline computed from the training targets.
/// </summary>
public sealed class ProbeRunner
{
    private readonly ProbeOptions _options;

    public ProbeRunner(ProbeOptions options)
    {
        ProbeInputs.ThrowIfInvalid(options.Validate());
        _options = options;
    }

    public ProbeOptions Options => _options;

    /// <summary>Checks and standardises one representation's matrices once, for every probe this runner fits on them.</summary>
    /// <exception cref="ConcordException">Empty or non-finite matrices, or different column counts.</exception>
    public ProbeDesign Prepare(Matrix trainX, Matrix testX) => new(trainX, testX, _options.Standardization, _options.Linear.Workers);

    /// <summary>Logistic probe: accuracy, confusion matrix, macro-F1 and the majority baseline.</summary>
    /// <exception cref="ConcordException">Bad shapes or values, one class only, or an unseen test label under
    /// <see cref="UnseenLabelPolicy.Reject"/>.</exception>
    public ProbeEvaluation Classify(Matrix trainX, int[] trainY, Matrix testX, int[] testY, CancellationToken cancellationToken = default)
    {
        CheckPair(trainX, trainY.Length, testX, testY.Length);
        return Classify(Prepare(trainX, testX), trainY, testY, cancellationToken);
    }

    /// <summary>Logistic probe on a prepared design (<see cref="Prepare"/>); as <see cref="Classify(Matrix, int[], Matrix, int[], CancellationToken)"/>.</summary>
    public ProbeEvaluation Classify(ProbeDesign design, int[] trainY, int[] testY, CancellationToken cancellationToken = default) =>
        Classify(design, [new ClassificationTarget { Labels = trainY, TestLabels = testY }], cancellationToken)[0];

    /// <summary>
    /// Logistic probes of several label vectors (tasks, or PaperSgd seeds) on one prepared design, one evaluation per
    /// target in order; each as <see cref="Classify(ProbeDesign, int[], int[], CancellationToken)"/>. PaperSgd probes
    /// train together in one batched loop (<see cref="LogisticProbe.Fit(Matrix, IReadOnlyList{ClassificationTarget}, Matrix?, CancellationToken)"/>),
    /// with results bit-identical to classifying each target alone.
    /// </summary>
    /// <exception cref="ArgumentException">A target without test labels.</exception>
    public IReadOnlyList<ProbeEvaluation> Classify(ProbeDesign design, IReadOnlyList<ClassificationTarget> targets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var unseen = new int[targets.Count];
        for (int m = 0; m < targets.Count; m++)
        {
            var (trainY, testY) = (targets[m].Labels, targets[m].TestLabels ?? throw new ArgumentException($"target {m} has no test labels", nameof(targets)));
            CheckDesign(design, trainY.Length, testY.Length);
            var classes = ProbeInputs.Classes(trainY);
            unseen[m] = testY.Count(v => Array.BinarySearch(classes, v) < 0);
            if (unseen[m] > 0 && _options.UnseenLabels == UnseenLabelPolicy.Reject)
                throw new ConcordException($"test labels: label {testY.First(v => Array.BinarySearch(classes, v) < 0)} does not occur in the training labels ({unseen[m]} test examples)");
        }
        var (tr, te) = (design.Train, design.Test);
        var probes = new LogisticProbe(_options.Logistic).Fit(tr, targets, te, cancellationToken);
        return probes.Select((probe, m) => Evaluate(probe, tr, te, targets[m].Labels, targets[m].TestLabels!, unseen[m])).ToList();
    }

    private ProbeEvaluation Evaluate(FittedLogisticProbe probe, Matrix tr, Matrix te, int[] trainY, int[] testY, int unseen)
    {
        var predTest = probe.Predict(te);
        var majority = ChanceBaselines.Majority(trainY, testY);
        return new ProbeEvaluation
        {
            Kind = ProbeKind.Logistic,
            Method = _options.Logistic.Solver == LogisticSolver.Lbfgs ? ProbeMethod.Lbfgs : ProbeMethod.PaperSgd,
            Standardization = _options.Standardization,
            TrainRows = tr.Rows,
            TestRows = te.Rows,
            Features = tr.Cols,
            TestScore = ProbeMetrics.Accuracy(testY, predTest),
            TrainScore = probe.Score(tr, trainY),
            Baseline = majority.TestAccuracy,
            Majority = majority,
            Confusion = ProbeMetrics.Confusion(testY, predTest),
            MacroF1 = ProbeMetrics.MacroF1(testY, predTest),
            UnseenTestLabels = unseen,
            Convergence = probe.Convergence,
            Sgd = probe.Sgd,
        };
    }

    /// <summary>Linear probe: test RMSE in target units, R², and the train-mean predictor's RMSE.</summary>
    public ProbeEvaluation Regress(Matrix trainX, double[] trainY, Matrix testX, double[] testY)
    {
        CheckPair(trainX, trainY.Length, testX, testY.Length);
        return Regress(Prepare(trainX, testX), trainY, testY);
    }

    /// <summary>Linear probe on a prepared design (<see cref="Prepare"/>); the probes of every target of one design share
    /// its factorisation (ridge-CV or least squares). As <see cref="Regress(Matrix, double[], Matrix, double[])"/>.</summary>
    public ProbeEvaluation Regress(ProbeDesign design, double[] trainY, double[] testY)
    {
        CheckDesign(design, trainY.Length, testY.Length);
        ProbeInputs.CheckTargets(testY, "test");
        var (tr, te) = (design.Train, design.Test);
        var probe = _options.Linear.RidgeAlphas is null
            ? new LinearProbe(_options.Linear).Fit(tr, trainY, sharedLeastSquares: design.LeastSquares)
            : new LinearProbe(_options.Linear).Fit(tr, trainY, design.Ridge);
        var predTest = probe.Predict(te);
        var method = probe.CrossValidation is not null ? ProbeMethod.RidgeCv : probe.Alpha > 0 ? ProbeMethod.Ridge : ProbeMethod.LeastSquares;
        return new ProbeEvaluation
        {
            Kind = ProbeKind.Linear,
            Method = method,
            Standardization = _options.Standardization,
            TrainRows = tr.Rows,
            TestRows = te.Rows,
            Features = tr.Cols,
            TestScore = ProbeMetrics.Rmse(testY, predTest),
            TrainScore = ProbeMetrics.Rmse(trainY, probe.Predict(tr)),
            Baseline = ChanceBaselines.MeanPredictorRmse(trainY, testY),
            R2 = ProbeMetrics.R2(testY, predTest),
            Rank = probe.Rank,
            Alpha = probe.Alpha,
            Degenerate = ProbeEvaluation.IsDegenerateLeastSquares(method, tr.Cols, tr.Rows),
        };
    }

    private void CheckDesign(ProbeDesign design, int trainLabels, int testLabels)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (design.Standardization != _options.Standardization)
            throw new ArgumentException($"the design was standardised {design.Standardization}, this runner's probes want {_options.Standardization}", nameof(design));
        if (design.Train.Rows != trainLabels) throw new ConcordException($"training features have {design.Train.Rows} rows but there are {trainLabels} training labels");
        if (design.Test.Rows != testLabels) throw new ConcordException($"test features have {design.Test.Rows} rows but there are {testLabels} test labels");
    }

    private static void CheckPair(Matrix trainX, int trainLabels, Matrix testX, int testLabels)
    {
        ProbeInputs.CheckDesign(trainX, trainLabels, "training");
        ProbeInputs.CheckDesign(testX, testLabels, "test");
        if (testX.Cols != trainX.Cols)
            throw new ConcordException($"test features have {testX.Cols} columns but training features have {trainX.Cols}");
    }
}
