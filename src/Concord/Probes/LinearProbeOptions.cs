namespace Concord.Probes;

/// <summary>Options of <see cref="LinearProbe"/>. Defaults: sklearn <c>LinearRegression()</c> (intercept, no penalty).</summary>
public sealed record LinearProbeOptions
{
    /// <summary>Ridge penalty α ≥ 0 on the coefficients (sklearn <c>Ridge(alpha)</c>); 0 is ordinary least squares.</summary>
    public double Ridge { get; init; }
    /// <summary>
    /// When set, α is chosen from this grid by leave-one-out cross-validation on the training split
    /// (<see cref="RidgeCrossValidation"/>, sklearn <c>RidgeCV(alphas)</c>) and <see cref="Ridge"/> is ignored. The
    /// corrected profile uses <see cref="RidgeCrossValidation.DefaultAlphas"/>.
    /// </summary>
    public IReadOnlyList<double>? RidgeAlphas { get; init; }
    /// <summary>
    /// Singular values ≤ RankTolerance · σ_max of the centred design are treated as zero; null means max(n, d)·ε
    /// (numpy.linalg.lstsq). sklearn's lstsq uses ε, which keeps rounding-noise directions when d ≥ n (docs/probes.md).
    /// </summary>
    public double? RankTolerance { get; init; }
    public int Workers { get; init; } = 2;

    /// <summary>The corrected profile's regression probe: ridge with α from <see cref="RidgeCrossValidation.DefaultAlphas"/>.</summary>
    public static LinearProbeOptions CrossValidatedRidge { get; } = new() { RidgeAlphas = RidgeCrossValidation.DefaultAlphas };

    public IEnumerable<string> Validate()
    {
        if (!(Ridge >= 0) || !double.IsFinite(Ridge)) yield return "Linear.Ridge must be a finite number ≥ 0";
        if (RankTolerance is { } t && !(t >= 0 && t < 1)) yield return "Linear.RankTolerance must be in [0, 1)";
        if (RidgeAlphas is { } g && (g.Count == 0 || g.Any(a => !(a > 0) || !double.IsFinite(a))))
            yield return "Linear.RidgeAlphas must be a non-empty list of finite numbers > 0";
        if (Workers <= 0) yield return "Linear.Workers must be > 0";
    }
}
