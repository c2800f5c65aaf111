namespace Concord.Exploration;

/// <summary>The mean and spread of one class's feature vectors, column by column (one line with a ± band in Figs. 12–13).</summary>
/// <param name="ClassIndex">Class code.</param>
/// <param name="Count">Examples of the class.</param>
/// <param name="Mean">Column means, length p.</param>
/// <param name="Sd">Column population standard deviations (ddof = 0, as NumPy's <c>std</c>), length p.</param>
public sealed record ClassTrace(int ClassIndex, int Count, IReadOnlyList<double> Mean, IReadOnlyList<double> Sd);

/// <summary>Per-class mean ± sd of every column of a feature matrix (e.g. mean power per frame, time-to-dB per mel bin).</summary>
public static class ClassTraces
{
    /// <summary>
    /// For each class c in [0, <paramref name="classes"/>) with at least one row: mean_j = Σ x_ij / N_c and
    /// sd_j = √(Σ (x_ij − mean_j)² / N_c) over its rows i, in double.
    /// </summary>
    /// <param name="x">Row-major values [n, p].</param>
    /// <param name="rows">n.</param>
    /// <param name="columns">p.</param>
    /// <param name="codes">Class code per row, in [0, classes).</param>
    /// <param name="classes">Number of classes.</param>
    /// <exception cref="ConcordException">Bad shape or a code out of range.</exception>
    public static IReadOnlyList<ClassTrace> Compute(ReadOnlySpan<float> x, int rows, int columns, ReadOnlySpan<int> codes, int classes)
    {
        if ((long)rows * columns != x.Length || codes.Length != rows) throw new ConcordException($"class traces: {x.Length} values and {codes.Length} codes for {rows} × {columns}");
        var count = new int[classes];
        var sum = new double[classes, columns];
        for (int i = 0; i < rows; i++)
        {
            int c = codes[i];
            if (c < 0 || c >= classes) throw new ConcordException($"class traces: row {i} has class code {c}, outside [0, {classes})");
            count[c]++;
            for (int j = 0; j < columns; j++) sum[c, j] += x[i * columns + j];
        }
        var mean = new double[classes][];
        var ss = new double[classes][];
        for (int c = 0; c < classes; c++)
        {
            mean[c] = new double[columns];
            ss[c] = new double[columns];
            for (int j = 0; j < columns; j++) mean[c][j] = count[c] > 0 ? sum[c, j] / count[c] : double.NaN;
        }
        for (int i = 0; i < rows; i++)
        {
            int c = codes[i];
            for (int j = 0; j < columns; j++) { double d = x[i * columns + j] - mean[c][j]; ss[c][j] += d * d; }
        }
        var result = new List<ClassTrace>();
        for (int c = 0; c < classes; c++)
            if (count[c] > 0) result.Add(new ClassTrace(c, count[c], mean[c], ss[c].Select(s => Math.Sqrt(s / count[c])).ToArray()));
        return result;
    }
}
