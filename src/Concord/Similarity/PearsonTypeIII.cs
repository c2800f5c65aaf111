using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// The Pearson type III distribution with a given mean μ, standard deviation σ and skewness γ: a gamma distribution
/// with shape k = 4/γ², scale θ = σ|γ|/2, shifted to start at μ − 2σ/γ (reflected when γ &lt; 0); the normal when γ = 0.
/// Josse, Pagès &amp; Husson (2008) use it for the permutation distribution of the RV coefficient.
/// </summary>
public static class PearsonTypeIII
{
    /// <summary>Below this |γ| the shape exceeds 4e12 and the normal limit is used.</summary>
    private const double NormalSkewness = 1e-6;

    /// <summary>P(V ≥ t) for V of the given mean, standard deviation and skewness.</summary>
    public static double UpperTail(double t, double mean, double sd, double skewness)
    {
        if (!(sd > 0) || !double.IsFinite(mean) || !double.IsFinite(skewness) || double.IsNaN(t)) return double.NaN;
        double z = (t - mean) / sd;
        if (Math.Abs(skewness) < NormalSkewness)
        {
            var (p, q) = SpecialFunctions.RegularizedGamma(0.5, z * z / 2);
            return z >= 0 ? q / 2 : 0.5 + p / 2;
        }
        double shape = 4 / (skewness * skewness);
        // Standardised: V = μ + σ(G·|γ|/2 − 2/|γ|) sign γ with G ~ Gamma(shape, 1), so G = (z sign γ + 2/|γ|)·2/|γ|.
        double g = (z * Math.Sign(skewness) + 2 / Math.Abs(skewness)) * 2 / Math.Abs(skewness);
        if (skewness > 0) return g <= 0 ? 1 : SpecialFunctions.RegularizedGamma(shape, g).Q;
        return g <= 0 ? 0 : SpecialFunctions.RegularizedGamma(shape, g).P;
    }
}
