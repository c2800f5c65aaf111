namespace Concord.Probes;

/// <summary>Options of <see cref="LogisticProbe"/>. Defaults: sklearn <c>LogisticRegression(C=1.0, solver='lbfgs', max_iter=1000)</c>.</summary>
public sealed record LogisticProbeOptions
{
    public LogisticSolver Solver { get; init; } = LogisticSolver.Lbfgs;
    /// <summary>sklearn's C: the objective is Σᵢ log-loss + ‖W‖²/(2C); the intercept is not penalised.</summary>
    public double InverseRegularization { get; init; } = 1.0;
    /// <summary>L-BFGS stops when max |∂f/∂θᵢ| ≤ this (sklearn's <c>tol</c>, passed to scipy as <c>gtol</c>).</summary>
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>L-BFGS relative-decrease stop, scipy's factr·ε = 1e7 × 2.22e-16.</summary>
    public double FunctionTolerance { get; init; } = 1e7 * 2.220446049250313e-16;
    public int MaxIterations { get; init; } = 1000;
    /// <summary>Threads for the full-batch kernels (results are deterministic for a fixed value).</summary>
    public int Workers { get; init; } = 2;
    public PaperSgdOptions PaperSgd { get; init; } = new();

    public IEnumerable<string> Validate()
    {
        if (!(InverseRegularization > 0) || !double.IsFinite(InverseRegularization)) yield return "Logistic.InverseRegularization (C) must be a finite number > 0";
        if (!(Tolerance >= 0)) yield return "Logistic.Tolerance must be ≥ 0";
        if (!(FunctionTolerance >= 0)) yield return "Logistic.FunctionTolerance must be ≥ 0";
        if (MaxIterations <= 0) yield return "Logistic.MaxIterations must be > 0";
        if (Workers <= 0) yield return "Logistic.Workers must be > 0";
        foreach (var e in PaperSgd.Validate()) yield return e;
    }
}
