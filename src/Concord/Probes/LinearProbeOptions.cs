namespace Concord.Probes;

/// <summary>Options of <see cref="LinearProbe"/>. Defaults: sklearn <c>LinearRegression()</c> (intercept, no penalty).</summary>
public sealed record LinearProbeOptions
{
    /// <summary>Ridge penalty α ≥ 0 on the coefficients (sklearn <c>Ridge(alpha)</c>); 0 is ordinary least squares.</summary>
    public double Ridge { get; init; }
    /// <summary>
    /// Singular values ≤ RankTolerance · σ_max of the centred design are treated as zero; null means max(n, d)·ε
    /// (numpy.linalg.lstsq). sklearn's lstsq uses ε, which keeps rounding-noise directions when d ≥ n (docs/probes.md).
    /// </summary>
    public double? RankTolerance { get; init; }
    public int Workers { get; init; } = 2;

    public IEnumerable<string> Validate()
    {
        if (!(Ridge >= 0) || !double.IsFinite(Ridge)) yield return "Linear.Ridge must be a finite number ≥ 0";
        if (RankTolerance is { } t && !(t >= 0 && t < 1)) yield return "Linear.RankTolerance must be in [0, 1)";
        if (Workers <= 0) yield return "Linear.Workers must be > 0";
    }
}
