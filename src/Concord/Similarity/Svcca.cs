using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// SVCCA (Raghu et al. 2017; METHOD.md §8.3): for each centred side take the thin SVD X = U Σ Vᵀ (via pivoted QR and a
/// Jacobi SVD of R), keep the T leading left singular vectors with Σ_{k≤T} σ_k² ≥ kept · Σσ², then CCA on U_X[:, :T_X]
/// and U_Y[:, :T_Y]: <c>R² = ‖U_Yᵀ U_X‖²_F / d</c>, <c>ρ̄ = ‖U_Yᵀ U_X‖_* / d</c>, d = min(T_X, T_Y) by default or T_X
/// (<see cref="CcaNormalizer.FirstDimension"/>).
/// </summary>
public static class Svcca
{
    /// <exception cref="ConcordException">Bad input, or a degenerate pair (p ≥ n − 1) without AllowDegenerate.</exception>
    public static SvccaResult Compute(Representation x, Representation y, SimilarityOptions? options = null)
    {
        options ??= new SimilarityOptions();
        options.ThrowIfInvalid();
        var pair = FactorisedPair.Create(CentredMatrix.Create(x, options.CentreInputs), CentredMatrix.Create(y, options.CentreInputs), options, "SVCCA");
        return Compute(pair, options);
    }

    internal static SvccaResult Compute(FactorisedPair pair, SimilarityOptions options)
    {
        var (vx, tx, keptX) = Leading(pair.Qx, options.SvccaVarianceKept);
        var (vy, ty, keptY) = Leading(pair.Qy, options.SvccaVarianceKept);
        int rx = pair.Qx.Rank, ry = pair.Qy.Rank;
        // U_Xᵀ U_Y = V_Xᵀ (Q_Xᵀ Q_Y) V_Y restricted to the kept directions (V_* are the left singular vectors of R_*).
        var mv = new double[(long)rx * ty];
        for (int i = 0; i < rx; i++)
            for (int b = 0; b < ty; b++)
            {
                double s = 0;
                for (int j = 0; j < ry; j++) s += pair.M[(long)i * ry + j] * vy[(long)b * ry + j];
                mv[(long)i * ty + b] = s;
            }
        var core = new double[(long)tx * ty];
        for (int a = 0; a < tx; a++)
            for (int b = 0; b < ty; b++)
            {
                double s = 0;
                for (int i = 0; i < rx; i++) s += vx[(long)a * rx + i] * mv[(long)i * ty + b];
                core[(long)a * ty + b] = s;
            }
        var rho = Cca.CanonicalCorrelations(core, tx, ty);
        int d = options.CcaNormalizer == CcaNormalizer.FirstDimension ? tx : Math.Min(tx, ty);
        return new SvccaResult(rho.Sum(r => r * r) / d, rho.Sum() / d, tx, ty, keptX, keptY, options.CcaNormalizer, d, pair.Degenerate,
            pair.Dimensions());
    }

    /// <summary>Left singular vectors of R (rank × rank, column-major) and how many to keep for the variance fraction.</summary>
    private static (double[] V, int Kept, double Fraction) Leading(Qr qr, double fraction)
    {
        int r = qr.Rank, p = qr.Columns;
        // Rᵀ (p × r, column-major) = R row-major over its r rows: one-sided Jacobi on Rᵀ gives Rᵀ W = U Σ, so R = W Σ Uᵀ and
        // W (r × r) holds R's left singular vectors.
        var rt = new double[(long)p * r];
        for (int j = 0; j < p; j++) for (int i = 0; i < r; i++) rt[(long)i * p + j] = qr.R[(long)j * r + i];
        var svd = Svd.Compute(rt, p, r);
        double total = svd.Values.Sum(s => s * s), acc = 0;
        int kept = 0;
        while (kept < r && acc < fraction * total) { acc += svd.Values[kept] * svd.Values[kept]; kept++; }
        return (svd.V, Math.Max(1, kept), total > 0 ? acc / total : 0);
    }
}
