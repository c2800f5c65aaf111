using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// ‖XᵀX‖²_F for the p columns of an m × p block X (any storage order) without a p × p matrix: the upper triangle is built
/// in column strips of width w (w·p doubles ≤ the byte budget), each strip's squares summed (off-diagonal ones twice).
/// Across row blocks the strips accumulate in strip buffers, so streaming callers make one pass per strip.
/// </summary>
internal sealed class SymmetricFrobenius
{
    public int Count { get; }
    public int StripWidth { get; }
    public int Strips => (Count + StripWidth - 1) / StripWidth;

    public SymmetricFrobenius(int count, long maxBytes)
    {
        Count = count;
        long w = maxBytes / 8 / Math.Max(1, count);
        StripWidth = (int)Math.Clamp(w, 1, Math.Max(1, count));
    }

    public (int Start, int Width) Range(int strip) { int s = strip * StripWidth; return (s, Math.Min(StripWidth, Count - s)); }

    /// <summary>One buffer large enough for every strip (the first is the largest); clear it between strips.</summary>
    public double[] NewStripBuffer() => new double[(long)StripWidth * Count];

    /// <summary>Adds the strip's cross products X[:, strip]ᵀ X[:, strip start …] for one block of rows.</summary>
    public void Accumulate(int strip, double[] buffer, MatrixView block, int threads)
    {
        var (s, w) = Range(strip);
        CrossProducts.Accumulate(block.SliceColumns(s, w), block.SliceColumns(s, Count - s), buffer, 0, Count - s, threads, upperOnly: true);
    }

    /// <summary>Sum of squares of the strip's entries on or above the diagonal, off-diagonal counted twice.</summary>
    public double StripSquares(int strip, double[] buffer)
    {
        var (s, w) = Range(strip);
        int ld = Count - s;
        double total = 0;
        for (int i = 0; i < w; i++)
        {
            var row = buffer.AsSpan(i * ld + i, ld - i);
            double d = row[0];
            total += d * d + 2 * (CrossProducts.Dot(row, row) - d * d);
        }
        return total;
    }

    /// <summary>In-memory convenience: ‖XᵀX‖²_F of a whole matrix (the strip buffer taken from <paramref name="reuse"/> when given).</summary>
    public static double Compute(MatrixView x, long maxBytes, int threads, FeatureProductBuffers.Slot? reuse = null)
    {
        var f = new SymmetricFrobenius(x.Columns, maxBytes);
        double total = 0;
        long length = (long)f.StripWidth * f.Count;
        var buf = reuse?.Zeroed(length) ?? f.NewStripBuffer();
        for (int s = 0; s < f.Strips; s++)
        {
            if (s > 0) Array.Clear(buf, 0, (int)length);
            f.Accumulate(s, buf, x, threads);
            total += f.StripSquares(s, buf);
        }
        return total;
    }
}
