namespace Concord.Numerics;

/// <summary>Why <see cref="LbfgsMinimizer"/> stopped.</summary>
public enum LbfgsStop
{
    /// <summary>max |gᵢ| ≤ gradient tolerance (scipy L-BFGS-B's <c>gtol</c> test on the projected gradient).</summary>
    GradientTolerance,
    /// <summary>(f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ function tolerance (scipy's <c>factr·ε</c> test).</summary>
    FunctionTolerance,
    /// <summary>The iteration cap was reached before either test passed.</summary>
    MaxIterations,
    /// <summary>The line search found no acceptable step (usually rounding noise at the optimum).</summary>
    LineSearchFailed,
}
