using Concord.IO;

namespace Concord.Similarity;

/// <summary>
/// A <c>.npy</c> matrix read in row blocks (higher ranks flattened C-order). A first pass checks every value is finite
/// (naming the first bad cell), finds constant columns and the column means; later passes deliver centred row-major
/// blocks of the kept columns, widened to double, which the cross-product kernels take as they are.
/// </summary>
internal sealed class NpyColumnSource : IColumnSource, IDisposable
{
    private readonly NpyReader _reader;
    private double[] _rows = [];
    public string Path { get; }
    public int Rows { get; }
    public int OriginalColumns { get; }
    public string Precision { get; }
    public double[] Means { get; private set; } = [];
    public int[] Kept { get; private set; } = [];
    public int[] Dropped { get; private set; } = [];
    public string Name => Path;
    public int Columns => Kept.Length;

    public NpyColumnSource(string path)
    {
        var (rows, cols, dtype) = Representation.Describe(path);
        Path = path; Rows = rows; OriginalColumns = cols; Precision = dtype.Descr();
        _reader = new NpyReader(path);
    }

    /// <summary>The statistics pass.</summary>
    public void Scan(int blockRows)
    {
        int p = OriginalColumns;
        var first = new double[p]; var sum = new double[p]; var constant = new bool[p];
        Array.Fill(constant, true);
        for (long r0 = 0; r0 < Rows; r0 += blockRows)
        {
            int m = (int)Math.Min(blockRows, Rows - r0);
            var rows = Read(r0, m);
            if (r0 == 0) rows.AsSpan(0, p).CopyTo(first);
            for (int i = 0; i < m; i++)
            {
                var row = rows.AsSpan(i * p, p);
                for (int j = 0; j < p; j++)
                {
                    double v = row[j];
                    if (!double.IsFinite(v)) throw new ConcordException($"{Path}: row {r0 + i}, column {j} is {(double.IsNaN(v) ? "NaN" : "infinite")}");
                    sum[j] += v;
                    if (v != first[j]) constant[j] = false;
                }
            }
        }
        Means = sum.Select(s => s / Rows).ToArray();
        Kept = Enumerable.Range(0, p).Where(j => !constant[j]).ToArray();
        Dropped = Enumerable.Range(0, p).Where(j => constant[j]).ToArray();
        if (Kept.Length == 0) throw new ConcordException($"{Path}: every column is constant (zero variance), so CKA is undefined");
    }

    /// <summary>Writes rows [r0, r0 + m) of kept columns [c0, c1), centred, to <c>dst[offset + i·stride + c − c0]</c>.</summary>
    public void ReadRowSlice(long r0, int m, int c0, int c1, double[] dst, long offset, int stride)
    {
        int p = OriginalColumns, w = c1 - c0;
        var rows = Read(r0, m);
        for (int i = 0; i < m; i++)
        {
            var d = dst.AsSpan((int)(offset + (long)i * stride), w);
            long o = (long)i * p;
            for (int c = 0; c < w; c++) { int j = Kept[c0 + c]; d[c] = rows[o + j] - Means[j]; }
        }
    }

    private double[] Read(long r0, int m)
    {
        long need = (long)m * OriginalColumns;
        if (_rows.LongLength < need) _rows = new double[need];
        _reader.ReadRows<double>(r0, m, _rows.AsSpan(0, (int)need));
        return _rows;
    }

    public void Dispose() => _reader.Dispose();
}
