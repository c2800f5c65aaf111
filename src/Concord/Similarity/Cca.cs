using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// Canonical correlation analysis between column-centred X and Y (centring is done here; switch it off with
/// <see cref="SimilarityOptions.CentreInputs"/> to reproduce Kornblith's demo <c>cca()</c>, which does not centre).
/// The canonical correlations ρ_i are the singular values of <c>Q_Xᵀ Q_Y</c> (pivoted QR with a rank tolerance), and
/// <c>R²_CCA = Σρ_i² / d = ‖Q_Yᵀ Q_X‖²_F / d</c>, <c>ρ̄_CCA = Σρ_i / d = ‖Q_Yᵀ Q_X‖_* / d</c>, where d is
/// min(rank_x, rank_y) (<see cref="CcaNormalizer.MinDimension"/>) or the study's p_x (<see cref="CcaNormalizer.FirstDimension"/>).
/// </summary>
public static class Cca
{
    /// <exception cref="ConcordException">Bad input, or a degenerate pair (p ≥ n − 1) without AllowDegenerate.</exception>
    public static CcaResult Compute(Representation x, Representation y, SimilarityOptions? options = null)
    {
        options ??= new SimilarityOptions();
        options.ThrowIfInvalid();
        var pair = FactorisedPair.Create(CentredMatrix.Create(x, options.CentreInputs), CentredMatrix.Create(y, options.CentreInputs), options, "CCA");
        return Compute(pair, options);
    }

    internal static CcaResult Compute(FactorisedPair pair, SimilarityOptions options)
    {
        var rho = CanonicalCorrelations(pair.M, pair.Qx.Rank, pair.Qy.Rank);
        int d = options.CcaNormalizer == CcaNormalizer.FirstDimension ? pair.X.OriginalColumns : Math.Min(pair.Qx.Rank, pair.Qy.Rank);
        double s2 = rho.Sum(r => r * r), s1 = rho.Sum();
        return new CcaResult(s2 / d, s1 / d, rho, options.CcaNormalizer, d, pair.X.Centred, pair.Degenerate, pair.Dimensions());
    }

    /// <summary>Singular values of the row-major r × c matrix <paramref name="m"/>, clipped to [0, 1], largest first.</summary>
    internal static double[] CanonicalCorrelations(double[] m, int r, int c)
    {
        if (r == 0 || c == 0) return [];
        // Jacobi on the side with fewer columns: row-major r × c is column-major c × r.
        var svd = c >= r ? Svd.Compute(m, c, r) : Svd.Compute(Transpose(m, r, c), r, c);
        return svd.Values.Select(v => Math.Min(1, v)).ToArray();
    }

    internal static double[] Transpose(double[] m, int r, int c)
    {
        var t = new double[m.Length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[(long)j * r + i] = m[(long)i * c + j];
        return t;
    }
}
