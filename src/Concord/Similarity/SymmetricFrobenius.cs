using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// ‖PPᵀ‖²_F for p vectors of length m (P holds them back to back) without a p × p matrix: the upper triangle is built in
/// column strips of width w (w·p doubles ≤ the byte budget), each strip's squares summed (off-diagonal ones twice).
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

    public double[] NewStripBuffer(int strip) { var (s, w) = Range(strip); return new double[(long)w * (Count - s)]; }

    /// <summary>Adds the strip's block of <c>P_stripᵀ-style</c> dot products for one row block (vectors of length m).</summary>
    public void Accumulate(int strip, double[] buffer, double[] panel, long panelOffset, int m, int threads)
    {
        var (s, w) = Range(strip);
        long off = panelOffset + (long)s * m;
        CrossProducts.AccumulateDots(panel, off, w, panel, off, Count - s, m, buffer, 0, Count - s, threads, upperOnly: true);
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

    /// <summary>In-memory convenience: ‖PPᵀ‖²_F over vectors of length m.</summary>
    public static double Compute(double[] panel, long offset, int count, int m, long maxBytes, int threads)
    {
        var f = new SymmetricFrobenius(count, maxBytes);
        double total = 0;
        for (int s = 0; s < f.Strips; s++)
        {
            var buf = f.NewStripBuffer(s);
            f.Accumulate(s, buf, panel, offset, m, threads);
            total += f.StripSquares(s, buf);
        }
        return total;
    }
}
