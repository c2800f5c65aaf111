namespace Concord.Reporting;

/// <summary>A table cell shown greyed, with the reason as its tooltip.</summary>
/// <param name="Row">Body row index.</param>
/// <param name="Column">Column index.</param>
/// <param name="Reason">Why the cell must not be read as a result (e.g. "degenerate (p ≥ n): …").</param>
public sealed record CellFlag(int Row, int Column, string Reason);
