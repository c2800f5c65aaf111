using Concord.IO;
using Concord.Numerics;

namespace Concord.Probes;

/// <summary>Loads probe inputs from <c>.npy</c> files with one-line errors naming the file, row and column.</summary>
public static class ProbeData
{
    /// <summary>
    /// A feature matrix [n, d] from a float/integer <c>.npy</c>; rank ≥ 3 arrays are flattened C-order to
    /// [shape[0], shape[1]·shape[2]·…], a vector becomes [n, 1]. Values are converted to float32.
    /// </summary>
    /// <exception cref="ConcordException">Not a .npy file, empty, too large, or containing NaN/∞ (row and column named).</exception>
    public static Matrix LoadFeatures(string path)
    {
        var (rows, cols) = MatrixShape(path);
        if (rows * cols > Array.MaxLength || rows > int.MaxValue || cols > int.MaxValue)
            throw ConcordException.InFile(path, $"too large for one in-memory matrix ({rows} × {cols})", "shape");
        var data = LargeArrays.Floats(rows * cols);
        using (var r = new NpyReader(path)) r.ReadElements(0, data.AsSpan());
        var m = new Matrix(data, (int)rows, (int)cols);
        if (m.FirstNonFinite() is { } bad)
            throw ConcordException.InFile(path, $"non-finite value {m[bad.Row, bad.Col]} at row {bad.Row}, column {bad.Col}");
        return m;
    }

    /// <summary>
    /// The rows <paramref name="rows"/> (in that order) of the feature matrix in <paramref name="path"/>, as
    /// <see cref="LoadFeatures(string)"/> reads them, without loading the rest: a non-finite value is named by its row in
    /// the file.
    /// </summary>
    /// <exception cref="ConcordException">Not a .npy file, empty, a row index outside the file, or a non-finite value.</exception>
    public static Matrix LoadFeatures(string path, ReadOnlySpan<int> rows)
    {
        var (count, cols) = MatrixShape(path);
        if (rows.Length * cols > Array.MaxLength || cols > int.MaxValue)
            throw ConcordException.InFile(path, $"too large for one in-memory matrix ({rows.Length} × {cols})", "shape");
        var m = new Matrix(LargeArrays.Floats(rows.Length * cols), rows.Length, (int)cols);
        using var r = new NpyReader(path);
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i] < 0 || rows[i] >= count) throw ConcordException.InFile(path, $"has {count} rows; row {rows[i]} was asked for", "shape");
            r.ReadRows(rows[i], 1, m.Row(i));
        }
        if (m.FirstNonFinite() is { } bad)
            throw ConcordException.InFile(path, $"non-finite value {m[bad.Row, bad.Col]} at row {rows[bad.Row]}, column {bad.Col}");
        return m;
    }

    /// <summary>Rows and (flattened) columns of a non-empty feature matrix file.</summary>
    private static (long Rows, long Cols) MatrixShape(string path)
    {
        var h = Npy.ReadHeader(path);
        if (h.Shape.Length == 0) throw ConcordException.InFile(path, "a scalar, expected a matrix [examples, features]", "shape");
        if (h.Shape[0] == 0 || h.RowLength == 0) throw ConcordException.InFile(path, $"empty matrix ({string.Join(", ", h.Shape)})", "shape");
        return (h.Shape[0], h.RowLength);
    }

    /// <summary>A target vector from a <c>.npy</c> of shape [n] or [n, 1].</summary>
    public static double[] LoadTargets(string path)
    {
        var h = Npy.ReadHeader(path);
        if (h.Shape.Length == 0 || h.RowLength != 1)
            throw ConcordException.InFile(path, $"expected a vector [n] or [n, 1], got ({string.Join(", ", h.Shape)})", "shape");
        if (h.Shape[0] == 0) throw ConcordException.InFile(path, "empty label vector", "shape");
        var y = Npy.Read<double>(path).Data;
        for (int i = 0; i < y.Length; i++)
            if (!double.IsFinite(y[i])) throw ConcordException.InFile(path, $"non-finite value {y[i]} at row {i}");
        return y;
    }

    /// <summary>Integer class labels from a <c>.npy</c> vector (integer dtype, or floats with integral values).</summary>
    public static int[] LoadLabels(string path)
    {
        var y = LoadTargets(path);
        try { return ProbeLabels.FromTargets(y, path); }
        catch (ConcordException ex) { throw new ConcordException(ex.Message, ex); }
    }

    /// <summary>Throws a one-line error naming both files when the label file's rows differ from the feature file's.</summary>
    /// <exception cref="ConcordException">The row counts differ.</exception>
    public static void CheckRows(Matrix x, string featuresPath, int labelRows, string labelsPath)
    {
        if (x.Rows != labelRows)
            throw ConcordException.InFile(labelsPath, $"has {labelRows} rows but {featuresPath} has {x.Rows}; rows must be the same examples", "shape");
    }

    /// <summary>Throws a one-line error naming the label file when it holds fewer than two classes.</summary>
    /// <exception cref="ConcordException">A single class.</exception>
    public static void CheckClasses(ReadOnlySpan<int> labels, string labelsPath)
    {
        var distinct = new HashSet<int>();
        foreach (int v in labels)
            if (distinct.Add(v) && distinct.Count > Limits.MaxClassesPerProbe)
                throw ConcordException.InFile(labelsPath, $"more than {Limits.MaxClassesPerProbe} classes, the most a probe accepts (is this a regression target? use --kind linear)");
        foreach (int v in labels)
            if (v != labels[0]) return;
        throw ConcordException.InFile(labelsPath, $"only one class ({labels[0]}) is present; a classifier needs at least two");
    }
}
