namespace Concord.Features;

/// <summary>The detail coefficients of a single-level 2-D DWT, each [Rows, Columns] row-major (pywt's C order).</summary>
/// <param name="Rows">⌊(bins + L − 1)/2⌋.</param>
/// <param name="Columns">⌊(frames + L − 1)/2⌋.</param>
/// <param name="Horizontal">cH: high-pass along axis 0 (mel), low-pass along axis 1 (time).</param>
/// <param name="Vertical">cV: low-pass along axis 0 (mel), high-pass along axis 1 (time).</param>
public sealed record Dwt2Details(int Rows, int Columns, double[] Horizontal, double[] Vertical);
