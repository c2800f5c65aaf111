using Concord.IO;
using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// Linear CKA between every pair of channels of one layer (the paper's Figs. 46–47, "Regular-0-*-channel-CKA"):
/// the activations [n, C·H·W] (C-order, as written by the extractor without channel averaging) are split into C
/// matrices X_c = columns [c·H·W, (c + 1)·H·W), each [n, H·W], and CKA(X_a, X_b) is computed for all a, b.
/// Each channel's n × n Gram matrix K_c = X̃_c X̃_cᵀ of the column-centred X̃_c is built once, from column chunks read
/// straight from the file, and kept; every pair then costs O(n²) (<see cref="GramCka"/>, biased and debiased).
/// Memory: C·n² doubles for the Gram matrices plus one n × w chunk, bounded by
/// <see cref="SimilarityOptions.MaxCrossProductBytes"/>; bound n by subsampling rows when n is large.
/// A channel that is constant over the examples gives NaN in its row and column.
/// </summary>
public static class ChannelCka
{
    /// <summary>The C × C grid from an activation file [n, C·H·W]; row and column names are "channel 0", "channel 1", ….</summary>
    /// <exception cref="ConcordException">Missing or non-numeric file, a width not divisible by C, a non-finite value, fewer than 4 rows, or a budget too small.</exception>
    public static CkaGridResult Compute(string path, int channels, SimilarityOptions? options = null)
    {
        var (rows, cols, _) = Representation.Describe(path);
        using var reader = new NpyReader(path);
        long width = cols;
        return Compute(rows, cols, channels, path, (row, col0, dst) => reader.ReadElements(row * width + col0, dst), options);
    }

    /// <summary>The C × C grid from in-memory activations [n, C·H·W].</summary>
    public static CkaGridResult Compute(Representation activations, int channels, SimilarityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var raw = activations.Raw;
        int cols = activations.Columns;
        return Compute(activations.Rows, cols, channels, activations.Name, (row, col0, dst) => raw.AsSpan((int)(row * (long)cols + col0), dst.Length).CopyTo(dst), options);
    }

    /// <summary>The working set of one grid: the C Gram matrices (n × n doubles each) and the largest column chunk that
    /// fits beside them in <see cref="SimilarityOptions.MaxCrossProductBytes"/> (at most one channel's n × H·W).</summary>
    public static MemoryEstimate Memory(long rows, long columns, int channels, SimilarityOptions? options = null)
    {
        options ??= new SimilarityOptions();
        long grams = channels * rows * rows * 8;
        long chunk = Math.Clamp(options.MaxCrossProductBytes - grams, rows * 8, rows * (columns / Math.Max(1, channels)) * 8);
        return new MemoryEstimate([new("per-channel Gram matrices, float64", grams), new("column chunk, float64", chunk)]);
    }

    private delegate void ReadSlice(long row, int firstColumn, Span<double> destination);

    private static CkaGridResult Compute(int n, int cols, int channels, string name, ReadSlice read, SimilarityOptions? options)
    {
        options ??= new SimilarityOptions();
        options.ThrowIfInvalid();
        if (channels < 1 || cols % channels != 0) throw new ConcordException($"{name}: {cols} columns cannot be split into {channels} equal channels");
        LinearCka.RequireDebiasable(n, name);
        int hw = cols / channels;
        long gramBytes = (long)channels * n * n * 8;
        long chunkBudget = options.MaxCrossProductBytes - gramBytes;
        if (chunkBudget < (long)n * 8)
            throw new ConcordException($"{name}: per-channel CKA needs {channels} Gram matrices of {n} × {n} ({gramBytes / (1 << 20)} MiB), above the {options.MaxCrossProductBytes / (1 << 20)} MiB budget; use fewer examples");
        int w = (int)Math.Clamp(chunkBudget / 8 / n, 1, hw);
        var grams = new double[channels][];
        var chunk = new double[(long)n * w];
        var trace = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            var k = new double[(long)n * n];
            for (int c0 = 0; c0 < hw; c0 += w)
            {
                int m = Math.Min(w, hw - c0);
                for (int i = 0; i < n; i++) read(i, c * hw + c0, chunk.AsSpan(i * m, m));
                CentreColumns(chunk, n, m, name, c * hw + c0);
                CrossProducts.AccumulateDots(chunk, 0, n, chunk, 0, n, m, k, 0, n, options.Threads, upperOnly: true);
            }
            for (int i = 0; i < n; i++)
                for (int j = 0; j < i; j++) k[(long)i * n + j] = k[(long)j * n + i];
            for (int i = 0; i < n; i++) trace[c] += k[(long)i * n + i];
            grams[c] = k;
        }
        var names = Enumerable.Range(0, channels).Select(c => $"channel {c}").ToList();
        var cells = new List<IReadOnlyList<CkaResult>>();
        for (int a = 0; a < channels; a++)
        {
            var row = new List<CkaResult>();
            for (int b = 0; b < channels; b++)
            {
                var t = GramCka.Terms(grams[a], grams[b], n, linear: true);
                var dims = new SimilarityDimensions(n, hw, hw, [], [], null, null, t.ParticipationX, t.ParticipationY, "float64 accumulation");
                row.Add(trace[a] > 0 && trace[b] > 0
                    ? new CkaResult(t.Biased, t.Debiased, LinearCkaForm.Gram, "linear", dims)
                    : new CkaResult(double.NaN, double.NaN, LinearCkaForm.Gram, "linear", dims));
            }
            cells.Add(row);
        }
        return new CkaGridResult(names, names, cells);
    }

    /// <summary>Subtracts each column's mean from the row-major chunk [n, m]; refuses non-finite values.</summary>
    private static void CentreColumns(double[] chunk, int n, int m, string name, int firstColumn)
    {
        var mean = new double[m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double v = chunk[(long)i * m + j];
                if (!double.IsFinite(v)) throw new ConcordException($"{name}: row {i}, column {firstColumn + j} is not finite");
                mean[j] += v;
            }
        for (int j = 0; j < m; j++) mean[j] /= n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) chunk[(long)i * m + j] -= mean[j];
    }
}
