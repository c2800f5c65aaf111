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
        (float[] Weight, float[] Bias)? initialWeights = null, CancellationToken cancellationToken = default)
    {
        ProbeInputs.CheckDesign(x, labels.Length, "training");
        var classes = ProbeInputs.Classes(labels);
        if (classes.Length < 2)
            throw new ConcordException($"training labels: only one class ({classes[0]}) is present; a classifier needs at least two");
        if (classes.Length > Limits.MaxClassesPerProbe)
            throw new ConcordException($"training labels: {classes.Length} classes, more than the {Limits.MaxClassesPerProbe} a probe accepts (is this a regression target?)");
        var yIndex = new int[labels.Length];
        for (int i = 0; i < yIndex.Length; i++) yIndex[i] = Array.BinarySearch(classes, labels[i]);
        int k = classes.Length, d = x.Cols;

        if (_options.Solver == LogisticSolver.Lbfgs)
        {
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

        var (w0, b0) = initialWeights ?? TorchLinearInit.Create(d, k, _options.PaperSgd.Seed);
        if (w0.Length != k * d || b0.Length != k)
            throw new ArgumentException($"initial weights must be [{k}×{d}] and [{k}], got {w0.Length} and {b0.Length}", nameof(initialWeights));
        int[]? testIndex = null;
        if (testX is not null && testY is not null)
        {
            ProbeInputs.CheckDesign(testX, testY.Length, "test");
            // Unseen test classes get index −1: never predicted, so always wrong; they have no loss term.
            testIndex = Array.ConvertAll(testY, v => Array.BinarySearch(classes, v) is var j && j >= 0 ? j : -1);
        }
        var (w, b, sgd) = PaperSgdTrainer.Train(x, yIndex, k, _options.PaperSgd, (float[])w0.Clone(), (float[])b0.Clone(), testX, testIndex, cancellationToken);
        return new FittedLogisticProbe(classes, Array.ConvertAll(w, v => (double)v), Array.ConvertAll(b, v => (double)v), d,
            LogisticSolver.PaperSgd, null, sgd, _options.Workers);
    }
}
