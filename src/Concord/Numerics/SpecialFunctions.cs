namespace Concord.Numerics;

/// <summary>Special functions needed by the estimators (double precision).</summary>
public static class SpecialFunctions
{
    /// <summary>
    /// The digamma function ψ(x) = d/dx ln Γ(x) for x &gt; 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the
    /// asymptotic series ψ(x) ≈ ln x − 1/(2x) − Σ_{k=1..7} B_{2k} / (2k·x^{2k}) (Bernoulli numbers B_{2k}), whose first
    /// omitted term is below 5e-17 at x = 10. ψ(1) = −γ (Euler–Mascheroni), ψ(n) = −γ + Σ_{i&lt;n} 1/i for integers.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">x is not positive and finite.</exception>
    public static double Digamma(double x)
    {
        if (!(x > 0) || double.IsInfinity(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "digamma is implemented for finite x > 0");
        double shift = 0;
        while (x < 10)
        {
            shift += 1 / x;
            x += 1;
        }
        double f = 1 / (x * x);
        // B2/2 = 1/12, B4/4 = −1/120, B6/6 = 1/252, B8/8 = −1/240, B10/10 = 1/132, B12/12 = −691/32760, B14/14 = 1/12.
        double series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132 - f * (691.0 / 32760 - f * (1.0 / 12)))))));
        return Math.Log(x) - 0.5 / x - series - shift;
    }
}
