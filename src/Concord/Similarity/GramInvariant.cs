namespace Concord.Similarity;

/// <summary>
/// The sums of a symmetric n × n matrix A with zero row sums that its permutation moments depend on (d = diag A).
/// </summary>
internal enum GramInvariant
{
    /// <summary>tr A = Σ d_i.</summary>
    Trace,
    /// <summary>Σ d_i².</summary>
    DiagonalSquares,
    /// <summary>Σ d_i³.</summary>
    DiagonalCubes,
    /// <summary>tr A² = ‖A‖²_F.</summary>
    Square,
    /// <summary>tr A³.</summary>
    Cube,
    /// <summary>Σ_ij a_ij³.</summary>
    EntryCubes,
    /// <summary>Σ_i d_i (A²)_ii.</summary>
    DiagonalWeightedSquare,
    /// <summary>dᵀ A d.</summary>
    DiagonalQuadratic,
}
