namespace Concord.Numerics;

/// <summary>The solution of a least-squares problem and the singular values it was computed from.</summary>
/// <param name="X">Solution, length n (columns of A).</param>
/// <param name="Rank">Number of singular values above the cutoff (all positive ones for ridge).</param>
/// <param name="SingularValues">Singular values of A, descending, length min(m, n).</param>
public sealed record LeastSquaresSolution(double[] X, int Rank, double[] SingularValues);
