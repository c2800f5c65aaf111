namespace Concord.Numerics;

/// <summary>The outcome of an L-BFGS run.</summary>
/// <param name="Stop">Which test ended the run.</param>
/// <param name="Iterations">Accepted steps.</param>
/// <param name="FunctionEvaluations">Objective/gradient evaluations, line searches included.</param>
/// <param name="Objective">Final objective value.</param>
/// <param name="GradientMaxAbs">Final max |gᵢ|.</param>
public sealed record LbfgsReport(LbfgsStop Stop, int Iterations, int FunctionEvaluations, double Objective, double GradientMaxAbs)
{
    /// <summary>True when a tolerance test (not the cap, not a line-search failure) ended the run.</summary>
    public bool Converged => Stop is LbfgsStop.GradientTolerance or LbfgsStop.FunctionTolerance;
}
