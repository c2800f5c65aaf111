using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// The eight <see cref="GramInvariant"/> sums of a double-centred Gram matrix A = X Xᵀ (X column-centred), which fix
/// the first three permutation moments of tr(A P B Pᵀ) (<see cref="PermutationMoments"/>).
/// </summary>
internal readonly record struct GramInvariants(double Trace, double DiagonalSquares, double DiagonalCubes, double Square, double Cube,
    double EntryCubes, double DiagonalWeightedSquare, double DiagonalQuadratic)
{
    public double this[GramInvariant k] => k switch
    {
        GramInvariant.Trace => Trace,
        GramInvariant.DiagonalSquares => DiagonalSquares,
        GramInvariant.DiagonalCubes => DiagonalCubes,
        GramInvariant.Square => Square,
        GramInvariant.Cube => Cube,
        GramInvariant.EntryCubes => EntryCubes,
        GramInvariant.DiagonalWeightedSquare => DiagonalWeightedSquare,
        _ => DiagonalQuadratic,
    };

    /// <summary>
    /// The invariants of A' = A − c H, c = tr A/(n − 1), H = I − 11ᵀ/n: trace 0, same row sums, and tr(A' P B Pᵀ) = tr(A P B Pᵀ) − c tr B
    /// for every P. With q = c(1 − 1/n) (the shift of each diagonal entry) and e = c/n (that of each off-diagonal one):
    /// Σd'² = Σd² − 2q tr A + n q², Σd'³ = Σd³ − 3qΣd² + 3q² tr A − n q³, tr A'² = tr A² − (tr A)²/(n − 1),
    /// tr A'³ = tr A³ − 3c tr A² + 3c² tr A − c³(n − 1) (AH = A), (A'²)_ii = (A²)_ii − 2c d_i + c q,
    /// d'ᵀA'd' = dᵀAd − c Σd'² (A1 = 0, Σd' = 0), and Σa'³ = Σd'³ + Σ_{i≠j}(a_ij + e)³.
    /// </summary>
    public GramInvariants TraceFree(long n)
    {
        double t1 = Trace, c = t1 / (n - 1), q = c * (1 - 1.0 / n), e = c / n;
        double s2 = DiagonalSquares - 2 * q * t1 + n * q * q;
        double s3 = DiagonalCubes - 3 * q * DiagonalSquares + 3 * q * q * t1 - n * q * q * q;
        double t2 = Square - t1 * t1 / (n - 1);
        double t3 = Cube - 3 * c * Square + 3 * c * c * t1 - c * c * c * (n - 1);
        // Σ (d_i − q)((A²)_ii − 2c d_i + c q), with Σ(A²)_ii = tr A².
        double r = DiagonalWeightedSquare - 2 * c * DiagonalSquares + c * q * t1 - q * Square + 2 * c * q * t1 - q * c * q * n;
        double b = DiagonalQuadratic - c * s2;
        double offCubes = EntryCubes - DiagonalCubes;   // Σ_{i≠j} a_ij³; Σ_{i≠j} a_ij² = tr A² − Σd², Σ_{i≠j} a_ij = −tr A
        double u = s3 + offCubes + 3 * e * (Square - DiagonalSquares) - 3 * e * e * t1 + n * (n - 1.0) * e * e * e;
        return new GramInvariants(0, s2, s3, t2, t3, u, r, b);
    }

    /// <summary>Direct computation from a full symmetric n × n matrix (row-major); tr A³ = ⟨A², A⟩ with A² a GEMM (n³).</summary>
    public static GramInvariants FromMatrix(double[] a, int n, int threads)
    {
        var a2 = LargeArrays.Doubles((long)n * n);
        CrossProducts.Accumulate(MatrixView.RowMajor(a, 0, n, n), MatrixView.RowMajor(a, 0, n, n), a2, 0, n, threads);
        double t1 = 0, s2 = 0, s3 = 0, u = 0, r = 0, b = 0;
        for (int i = 0; i < n; i++)
        {
            double di = a[(long)i * n + i];
            t1 += di; s2 += di * di; s3 += di * di * di;
            r += di * a2[(long)i * n + i];
            var row = a.AsSpan((int)((long)i * n), n);
            double cubes = 0, weighted = 0;
            for (int j = 0; j < n; j++) { double v = row[j]; cubes += v * v * v; weighted += v * a[(long)j * n + j]; }
            u += cubes; b += di * weighted;
        }
        return new GramInvariants(t1, s2, s3, CrossProducts.Dot(a, a), CrossProducts.Dot(a2, a), u, r, b);
    }
}
