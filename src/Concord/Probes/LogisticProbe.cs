using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// Multinomial logistic (softmax) regression probe on a feature matrix [n, d] with integer labels.
/// <see cref="LogisticSolver.Lbfgs"/> minimises sklearn's <c>LogisticRegression(C, solver='lbfgs')</c> objective
/// Σᵢ −log softmax(Wxᵢ + b)_{yᵢ} + ‖W‖²/(2C) (intercept unpenalised; binary logistic loss for two classes, as sklearn's
/// <c>multi_class='auto'</c>) from θ = 0; <see cref="LogisticSolver.PaperSgd"/> runs the study's recipe.
/// </summary>
public sealed class LogisticProbe
{
    private readonly LogisticProbeOptions _options;

    public LogisticProbe(LogisticProbeOptions options)
    {
        ProbeInputs.ThrowIfInvalid(options.Validate());
        _options = options;
    }

    /// <summary>Fits the probe. For PaperSgd, (<paramref name="testX"/>, <paramref name="testY"/>) are evaluated after
    /// each epoch as the study did; they never influence the fit.</summary>
    /// <param name="x">Training features [n, d].</param>
    /// <param name="labels">Training labels, length n (any integers; classes are their sorted distinct values).</param>
    /// <param name="testX">Optional test features for the PaperSgd per-epoch history.</param>
    /// <param name="testY">Optional test labels.</param>
    /// <param name="cancellationToken">Checked per iteration/epoch.</param>
    /// <param name="initialWeights">PaperSgd only: [K·d] weights and [K] bias overriding the seeded PyTorch-style init.</param>
    /// <exception cref="ConcordException">Fewer than two classes, row mismatch, or an empty/non-finite matrix.</exception>
    public FittedLogisticProbe Fit(Matrix x, ReadOnlySpan<int> labels, Matrix? testX = null, int[]? testY = null,
        (float[] Weight, float[] Bias)? initialWeights = null, CancellationToken cancellationToken = default) =>
        Fit(x, [new ClassificationTarget { Labels = labels.ToArray(), TestLabels = testY, InitialWeights = initialWeights }],
            testY is null ? null : testX, cancellationToken)[0];

    /// <summary>
    /// Fits one probe per target on the same features, in target order. PaperSgd trains them together, one score and
    /// one gradient product per mini-batch for all of them (weights stacked into [ΣK, d]); each result is bit-identical
    /// to fitting its target alone. L-BFGS fits them one after the other.
    /// </summary>
    /// <param name="x">Training features [n, d].</param>
    /// <param name="targets">The probes: labels (length n), optional test labels, PaperSgd seed or initial weights.</param>
    /// <param name="testX">Optional test features for the PaperSgd per-epoch history of the targets with test labels.</param>
    /// <param name="cancellationToken">Checked per iteration/epoch.</param>
    /// <exception cref="ConcordException">A target with fewer than two classes, a row mismatch, or an empty/non-finite matrix.</exception>
    public IReadOnlyList<FittedLogisticProbe> Fit(Matrix x, IReadOnlyList<ClassificationTarget> targets, Matrix? testX = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0) return [];
        ProbeInputs.CheckDesign(x, targets[0].Labels.Length, "training");
        var encoded = targets.Select(t => Encode(x, t.Labels)).ToList();
        int d = x.Cols;
        if (_options.Solver == LogisticSolver.Lbfgs)
            return encoded.Select(e => FitLbfgs(x, e.Classes, e.Y, cancellationToken)).ToList();

        if (testX is not null && targets.FirstOrDefault(t => t.TestLabels is not null) is { } withTest)
            ProbeInputs.CheckDesign(testX, withTest.TestLabels!.Length, "test");
        var probes = new PaperSgdProbe[targets.Count];
        for (int m = 0; m < probes.Length; m++)
        {
            var (t, classes, k) = (targets[m], encoded[m].Classes, encoded[m].Classes.Length);
            var (w0, b0) = t.InitialWeights ?? TorchLinearInit.Create(d, k, t.Seed ?? _options.PaperSgd.Seed);
            if (w0.Length != k * d || b0.Length != k)
                throw new ArgumentException($"initial weights must be [{k}×{d}] and [{k}], got {w0.Length} and {b0.Length}", nameof(targets));
            int[]? testIndex = null;
            if (testX is not null && t.TestLabels is { } testY)
            {
                if (testY.Length != testX.Rows)
                    throw new ConcordException($"test features have {testX.Rows} rows but there are {testY.Length} test labels");
                // Unseen test classes get index −1: never predicted, so always wrong; they have no loss term.
                testIndex = Array.ConvertAll(testY, v => Array.BinarySearch(classes, v) is var j && j >= 0 ? j : -1);
            }
            probes[m] = new PaperSgdProbe(encoded[m].Y, k, w0, b0, testIndex);
        }
        var fits = PaperSgdTrainer.Train(x, probes, _options.PaperSgd, testX, cancellationToken);
        return fits.Select((f, m) => new FittedLogisticProbe(encoded[m].Classes, Array.ConvertAll(f.W, v => (double)v), Array.ConvertAll(f.B, v => (double)v), d,
            LogisticSolver.PaperSgd, null, f.Report, _options.Workers)).ToList();
    }

    /// <summary>The sorted classes of <paramref name="labels"/> and each row's class index; checks the count of rows and classes.</summary>
    private static (int[] Classes, int[] Y) Encode(Matrix x, int[] labels)
    {
        if (x.Rows != labels.Length)
            throw new ConcordException($"training features have {x.Rows} rows but there are {labels.Length} training labels");
        var classes = ProbeInputs.Classes(labels);
        if (classes.Length < 2)
            throw new ConcordException($"training labels: only one class ({classes[0]}) is present; a classifier needs at least two");
        if (classes.Length > Limits.MaxClassesPerProbe)
            throw new ConcordException($"training labels: {classes.Length} classes, more than the {Limits.MaxClassesPerProbe} a probe accepts (is this a regression target?)");
        var yIndex = new int[labels.Length];
        for (int i = 0; i < yIndex.Length; i++) yIndex[i] = Array.BinarySearch(classes, labels[i]);
        return (classes, yIndex);
    }

    private FittedLogisticProbe FitLbfgs(Matrix x, int[] classes, int[] yIndex, CancellationToken cancellationToken)
    {
        int k = classes.Length, d = x.Cols;
        var obj = new SoftmaxRegressionObjective(x, yIndex, k, _options.InverseRegularization, _options.Workers);
        var theta = new double[obj.ParameterCount];
        var report = LbfgsMinimizer.Minimize(obj.Evaluate, theta, new LbfgsOptions
        {
            GradientTolerance = _options.Tolerance,
            FunctionTolerance = _options.FunctionTolerance,
            MaxIterations = _options.MaxIterations,
        }, cancellationToken);
        int r = obj.Rows;
        return new FittedLogisticProbe(classes, theta[..(r * d)], theta[(r * d)..], d, LogisticSolver.Lbfgs, report, null, _options.Workers);
    }
}
