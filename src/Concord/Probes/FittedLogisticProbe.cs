using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// A fitted multinomial logistic probe: scores z = x·Wᵀ + b over the sorted training classes; the prediction is the
/// class with the largest score (first on ties). For two classes with <see cref="LogisticSolver.Lbfgs"/>, W has one
/// row (sklearn's binary <c>coef_</c> shape (1, d)) and the score of the first class is 0.
/// </summary>
public sealed class FittedLogisticProbe
{
    /// <summary>Sorted distinct training labels; row k of <see cref="Coefficients"/> belongs to Classes[k].</summary>
    public IReadOnlyList<int> Classes { get; }
    /// <summary>Coefficient rows, [R, d] row-major, R = K (or 1 for binary L-BFGS).</summary>
    public double[] Coefficients { get; }
    /// <summary>Intercepts, length R.</summary>
    public double[] Intercepts { get; }
    public int Features { get; }
    public LogisticSolver Solver { get; }
    /// <summary>L-BFGS convergence (null for PaperSgd).</summary>
    public LbfgsReport? Convergence { get; }
    /// <summary>PaperSgd history (null for L-BFGS).</summary>
    public PaperSgdReport? Sgd { get; }

    private readonly int[] _classes;
    private readonly float[] _w;
    private readonly float[] _b;
    private readonly int _workers;

    internal FittedLogisticProbe(int[] classes, double[] coef, double[] intercepts, int features, LogisticSolver solver,
        LbfgsReport? convergence, PaperSgdReport? sgd, int workers)
    {
        _classes = classes;
        Classes = classes;
        Coefficients = coef;
        Intercepts = intercepts;
        Features = features;
        Solver = solver;
        Convergence = convergence;
        Sgd = sgd;
        _workers = workers;
        _w = Array.ConvertAll(coef, v => (float)v);
        _b = Array.ConvertAll(intercepts, v => (float)v);
    }

    /// <summary>Scores [n, R] row-major for <paramref name="x"/> ([n, d]).</summary>
    public float[] Scores(Matrix x)
    {
        if (x.Cols != Features) throw new ArgumentException($"matrix has {x.Cols} columns, the probe was fitted on {Features}", nameof(x));
        int r = _b.Length;
        var z = new float[(long)x.Rows * r];
        RowPartition.For(x.Rows, _workers, (_, s, e) => LinearScoreKernels.Scores(x, s, e - s, _w, _b, z.AsSpan(s * r, (e - s) * r)));
        return z;
    }

    /// <summary>Predicted labels for each row of <paramref name="x"/>.</summary>
    public int[] Predict(Matrix x)
    {
        var z = Scores(x);
        int r = _b.Length;
        var pred = new int[x.Rows];
        for (int i = 0; i < x.Rows; i++)
        {
            if (r == 1) { pred[i] = _classes[z[i] > 0 ? 1 : 0]; continue; }
            int best = 0;
            for (int k = 1; k < r; k++) if (z[i * r + k] > z[i * r + best]) best = k;
            pred[i] = _classes[best];
        }
        return pred;
    }

    /// <summary>Accuracy on (x, y): higher is better, as sklearn's <c>score</c>.</summary>
    public double Score(Matrix x, ReadOnlySpan<int> y) => ProbeMetrics.Accuracy(y, Predict(x));
}
