namespace Concord.Similarity;

/// <summary>Linear CKA for every pair of a grid: <c>Cells[i][j]</c> compares <c>X[i]</c> with <c>Y[j]</c>.</summary>
public sealed record CkaGridResult(IReadOnlyList<string> X, IReadOnlyList<string> Y, IReadOnlyList<IReadOnlyList<CkaResult>> Cells);
