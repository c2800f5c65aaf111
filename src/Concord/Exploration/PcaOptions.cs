namespace Concord.Exploration;

/// <summary>Options of <see cref="PrincipalComponents.Fit(ReadOnlySpan{double}, int, int, PcaOptions?)"/>.</summary>
public sealed record PcaOptions
{
    /// <summary>Leading components kept (Fig. 11 plots two).</summary>
    public int Components { get; init; } = 2;

    /// <summary>
    /// Divide each centred column by its population standard deviation before the decomposition (scikit-learn's
    /// <c>StandardScaler</c> then <c>PCA</c>), so that columns in different units (dB, frames, Hz) weigh alike.
    /// A deviation below 10·ε counts as 1. False: centre only (plain <c>PCA</c>).
    /// </summary>
    public bool Standardize { get; init; } = true;

    /// <summary>Subspace-iteration steps at most.</summary>
    public int MaxIterations { get; init; } = 2000;

    /// <summary>Convergence: every kept Ritz pair has ‖M u − θ u‖ ≤ Tolerance · θ₁ (M = the covariance or Gram matrix).</summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>Seed of the random start block (NumPy legacy normal draws); the result does not depend on it beyond the tolerance.</summary>
    public int Seed { get; init; }

    /// <summary>Worker threads of the cross-product kernel.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Every problem, each naming its option.</summary>
    public IEnumerable<string> Validate()
    {
        if (Components < 1) yield return $"Components: must be ≥ 1, got {Components}";
        if (MaxIterations < 1) yield return $"MaxIterations: must be ≥ 1, got {MaxIterations}";
        if (!(Tolerance > 0 && Tolerance < 1)) yield return $"Tolerance: must be in (0, 1), got {Tolerance}";
        if (Seed < 0) yield return $"Seed: must be ≥ 0, got {Seed}";
        if (Threads < 1) yield return $"Threads: must be ≥ 1, got {Threads}";
    }
}
