namespace Concord.Numerics;

/// <summary>Options of <see cref="LbfgsMinimizer"/>; defaults are scipy's L-BFGS-B defaults as sklearn calls it.</summary>
public sealed record LbfgsOptions
{
    public double GradientTolerance { get; init; } = 1e-4;
    public double FunctionTolerance { get; init; } = 1e7 * 2.220446049250313e-16;
    public int MaxIterations { get; init; } = 1000;
    /// <summary>Number of correction pairs kept (scipy <c>maxcor</c>).</summary>
    public int Memory { get; init; } = 10;

    public IEnumerable<string> Validate()
    {
        if (!(GradientTolerance >= 0)) yield return "Lbfgs.GradientTolerance must be ≥ 0";
        if (!(FunctionTolerance >= 0)) yield return "Lbfgs.FunctionTolerance must be ≥ 0";
        if (MaxIterations <= 0) yield return "Lbfgs.MaxIterations must be > 0";
        if (Memory <= 0) yield return "Lbfgs.Memory must be > 0";
    }
}
