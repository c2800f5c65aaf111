using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// A validated representation, column-centred unless asked otherwise, with zero-variance (constant) columns removed and
/// remembered. Its values are read in one of two ways:
/// <list type="bullet">
/// <item><see cref="View"/>, for cross products: the representation's own row-major values with each column's mean
/// subtracted as blocks are packed (no copy), or the column-major copy when columns were dropped;</item>
/// <item><see cref="Data"/>, the column-major copy (each kept feature's n values contiguous), made at its first use.</item>
/// </list>
/// Both hold the same values, raw − mean in double, so anything computed from either has the same bits.
/// </summary>
internal sealed class CentredMatrix
{
    public required string Name { get; init; }
    public required int Rows { get; init; }
    /// <summary>Kept columns.</summary>
    public required int Columns { get; init; }
    public required int OriginalColumns { get; init; }
    public required int[] Dropped { get; init; }
    public required bool Centred { get; init; }
    public required string Precision { get; init; }

    /// <summary>
    /// Column-major values of the kept columns, <c>Columns × Rows</c> back to back: given, or copied from the
    /// representation (in parallel, as <see cref="Create"/> was asked) at the first call.
    /// </summary>
    public double[] Data
    {
        get
        {
            if (Volatile.Read(ref _data) is { } data) return data;
            lock (_copyLock) return _data ??= Copy();
        }
        init => _data = value;
    }

    /// <summary>Whether the column-major copy exists (given, or made by a use of <see cref="Data"/>).</summary>
    public bool HasCopy => Volatile.Read(ref _data) is not null;

    private double[]? _data;
    private readonly object _copyLock = new();
    /// <summary>The representation's row-major values, the kept columns and their means, when the copy is deferred.</summary>
    private double[]? _raw;
    private int[] _kept = [];
    private double[] _means = [];
    private int _threads = 1;

    /// <summary>
    /// The centred matrix (Rows × Columns) for <see cref="CrossProducts.Accumulate"/>: the representation's row-major values
    /// shifted by the column means when every column is kept, else the column-major <see cref="Data"/>.
    /// </summary>
    public MatrixView View =>
        _raw is { } raw && Columns == OriginalColumns
            ? (Centred ? MatrixView.RowMajorShifted(raw, Rows, Columns, _means) : MatrixView.RowMajor(raw, 0, Rows, Columns))
            : MatrixView.ColumnMajor(Data, 0, Rows, Columns);

    private readonly Dictionary<object, object> _remembered = [];

    /// <summary>
    /// A value that depends on this matrix alone (its Gram matrix, ‖XᵀX‖²_F, the moment null's invariants), computed at
    /// the first call with <paramref name="key"/> and returned as is afterwards, so a representation held against many
    /// others (<see cref="HeldRepresentation"/>) pays for it once. The key names the value and every option it depends
    /// on; arrays are shared, so callers must only read them.
    /// </summary>
    public T Remember<T>(object key, Func<T> compute) where T : notnull
    {
        lock (_remembered)
        {
            if (_remembered.TryGetValue(key, out var known)) return (T)known;
            var value = compute();
            _remembered[key] = value;
            return value;
        }
    }

    /// <summary>
    /// Checks finiteness (naming the first bad cell in row-major order) and, when centring, finds the constant columns to
    /// drop and each column's mean: one scan over bands of 64 columns (finiteness, constancy and each column's sum, taken
    /// in row order), the bands in parallel with <paramref name="threads"/> &gt; 1. The column-major copy (a transpose
    /// writing each value minus its column's mean, in the same bands) waits for the first use of <see cref="Data"/>. The
    /// sums and the subtraction do not depend on the thread count, so neither does any value.
    /// </summary>
    public static CentredMatrix Create(Representation r, bool centre = true, int threads = 1)
    {
        int n = r.Rows, p = r.Columns;
        var raw = r.Raw;
        if (n == 0) throw new ConcordException($"{r.Name}: no rows");
        if (p == 0) throw new ConcordException($"{r.Name}: no columns");
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        int bands = (p + Band - 1) / Band;
        var sums = new double[p];
        var varies = new bool[p];
        var firstBad = new long[bands];
        Parallel.For(0, bands, parallel, b => firstBad[b] = ScanBand(raw, n, p, b * Band, Math.Min(p, (b + 1) * Band), sums, varies));
        long bad = firstBad.Where(k => k >= 0).DefaultIfEmpty(-1).Min();
        if (bad >= 0) throw new ConcordException($"{r.Name}: row {bad / p}, column {bad % p} is {(double.IsNaN(raw[bad]) ? "NaN" : "infinite")}");
        // Constant columns are zero after centring; without centring (Kornblith's raw cca()) they are kept.
        var kept = Enumerable.Range(0, p).Where(j => !centre || varies[j]).ToArray();
        var dropped = Enumerable.Range(0, p).Where(j => centre && !varies[j]).ToArray();
        var means = kept.Select(j => centre ? sums[j] / n : 0.0).ToArray();
        return new CentredMatrix
        {
            Name = r.Name, Rows = n, Columns = kept.Length, OriginalColumns = p, Dropped = dropped, Centred = centre,
            Precision = r.SourcePrecision, _raw = raw, _kept = kept, _means = means, _threads = Math.Max(1, threads),
        };
    }

    /// <summary>The column-major copy of the kept columns, each value minus its column's mean (bands in parallel).</summary>
    private double[] Copy()
    {
        var raw = _raw ?? throw new InvalidOperationException("a centred matrix has neither data nor a representation");
        var data = LargeArrays.Doubles((long)Columns * Rows);
        Parallel.For(0, (Columns + Band - 1) / Band, new ParallelOptions { MaxDegreeOfParallelism = _threads }, b =>
            TransposeBand(raw, Rows, OriginalColumns, _kept, _means, b * Band, Math.Min(Columns, (b + 1) * Band), data));
        return data;
    }

    /// <summary>Columns per band: each pass over the rows reads whole cache lines of them.</summary>
    private const int Band = 64;

    /// <summary>
    /// Columns [c0, c1) over every row: their sums in row order (a lane per column), whether each differs from row 0, and
    /// the row-major index of the band's first non-finite cell (−1 when there is none; the scan stops there).
    /// </summary>
    private static unsafe long ScanBand(double[] raw, int n, int p, int c0, int c1, double[] sums, bool[] varies)
    {
        int vectors = (c1 - c0) / 4, tail = c0 + 4 * vectors;
        Span<Vector256<double>> sum = stackalloc Vector256<double>[Band / 4];
        Span<Vector256<double>> differs = stackalloc Vector256<double>[Band / 4];
        Span<double> tailSum = stackalloc double[4];
        Span<bool> tailDiffers = stackalloc bool[4];
        sum.Clear(); differs.Clear(); tailSum.Clear(); tailDiffers.Clear();
        fixed (double* data = raw)
        {
            double* row0 = data + c0;
            for (int i = 0; i < n; i++)
            {
                double* row = data + (long)i * p + c0;
                var nonFinite = Vector256<double>.Zero;
                for (int v = 0; v < vectors; v++)
                {
                    var x = Vector256.Load(row + 4 * v);
                    sum[v] += x;
                    differs[v] |= ~Vector256.Equals(x, Vector256.Load(row0 + 4 * v));
                    nonFinite |= ~Vector256.Equals(x - x, Vector256<double>.Zero);   // NaN − NaN and ∞ − ∞ are NaN
                }
                bool tailBad = false;
                for (int c = tail; c < c1; c++)
                {
                    double x = data[(long)i * p + c];
                    tailSum[c - tail] += x;
                    tailDiffers[c - tail] |= x != data[c];
                    tailBad |= !double.IsFinite(x);
                }
                if (nonFinite != Vector256<double>.Zero || tailBad)
                    for (int c = c0; c < c1; c++)
                        if (!double.IsFinite(data[(long)i * p + c])) return (long)i * p + c;
            }
        }
        for (int v = 0; v < vectors; v++)
            for (int q = 0; q < 4; q++) { sums[c0 + 4 * v + q] = sum[v][q]; varies[c0 + 4 * v + q] = differs[v][q] != 0; }
        for (int c = tail; c < c1; c++) { sums[c] = tailSum[c - tail]; varies[c] = tailDiffers[c - tail]; }
        return -1;
    }

    /// <summary>
    /// data[c·n + i] = raw[i·p + kept[c]] − means[c] for the kept columns [c0, c1): 4 × 4 blocks transposed in registers
    /// where four kept columns are adjacent in the input, one value at a time elsewhere.
    /// </summary>
    private static unsafe void TransposeBand(double[] raw, int n, int p, int[] kept, double[] means, int c0, int c1, double[] data)
    {
        fixed (double* src = raw, dst = data)
        {
            int c = c0;
            if (Avx.IsSupported)
                for (; c + 4 <= c1; c += 4)
                {
                    if (kept[c + 3] != kept[c] + 3) { Scalar(src, dst, n, p, kept, means, c, c + 4, 0); continue; }
                    var mean = Vector256.Create(means[c], means[c + 1], means[c + 2], means[c + 3]);
                    double* s = src + kept[c];
                    double* d0 = dst + (long)c * n, d1 = d0 + n, d2 = d1 + n, d3 = d2 + n;
                    int i = 0;
                    for (; i + 4 <= n; i += 4)
                    {
                        double* si = s + (long)i * p;
                        var r0 = Vector256.Load(si) - mean; var r1 = Vector256.Load(si + p) - mean;
                        var r2 = Vector256.Load(si + 2 * p) - mean; var r3 = Vector256.Load(si + 3 * p) - mean;
                        var a0 = Avx.UnpackLow(r0, r1); var a1 = Avx.UnpackHigh(r0, r1); var a2 = Avx.UnpackLow(r2, r3); var a3 = Avx.UnpackHigh(r2, r3);
                        Vector256.Store(Avx.Permute2x128(a0, a2, 0x20), d0 + i);
                        Vector256.Store(Avx.Permute2x128(a1, a3, 0x20), d1 + i);
                        Vector256.Store(Avx.Permute2x128(a0, a2, 0x31), d2 + i);
                        Vector256.Store(Avx.Permute2x128(a1, a3, 0x31), d3 + i);
                    }
                    Scalar(src, dst, n, p, kept, means, c, c + 4, i);
                }
            Scalar(src, dst, n, p, kept, means, c, c1, 0);
        }

        static void Scalar(double* src, double* dst, int n, int p, int[] kept, double[] means, int from, int to, int firstRow)
        {
            for (int i = firstRow; i < n; i++)
            {
                double* row = src + (long)i * p;
                for (int q = from; q < to; q++) dst[(long)q * n + i] = row[kept[q]] - means[q];
            }
        }
    }

    /// <summary>Throws when every column is constant: the measure is undefined (zero variance).</summary>
    public CentredMatrix RequireVariance(string measure)
    {
        if (Columns == 0) throw new ConcordException($"{Name}: every column is constant (zero variance), so {measure} is undefined");
        return this;
    }

    /// <summary>Squared Euclidean norm of each row (over kept columns), each summed in column order.</summary>
    public double[] RowSquaredNorms()
    {
        var a = new double[Rows];
        var v = View;
        if (v.Order == StorageOrder.RowMajor)
        {
            var shifts = v.ColumnShifts;
            for (int i = 0; i < Rows; i++)
            {
                var row = v.Data.AsSpan((int)(v.Offset + (long)i * v.Stride), Columns);
                double sum = 0;
                if (shifts is null) foreach (double x in row) sum += x * x;
                else for (int c = 0; c < row.Length; c++) { double x = row[c] - shifts[c]; sum += x * x; }
                a[i] = sum;
            }
            return a;
        }
        for (int c = 0; c < Columns; c++)
        {
            var col = Data.AsSpan(c * Rows, Rows);
            for (int i = 0; i < Rows; i++) a[i] += col[i] * col[i];
        }
        return a;
    }

    /// <summary>
    /// The given rows (ascending), centred as here, as a column-major rows.Length × Columns matrix: value (s, c) at
    /// <c>[c · rows.Length + s]</c>.
    /// </summary>
    public double[] GatherRows(int[] rows)
    {
        int k = rows.Length;
        var dst = LargeArrays.Doubles((long)k * Columns);
        var v = View;
        if (v.Order == StorageOrder.RowMajor)
            for (int s = 0; s < k; s++)
            {
                long start = v.Offset + (long)rows[s] * v.Stride;
                for (int c = 0; c < Columns; c++) dst[(long)c * k + s] = v.Data[start + c] - (v.ColumnShifts?[c] ?? 0);
            }
        else
            for (int c = 0; c < Columns; c++)
            {
                var column = Data.AsSpan((int)((long)c * Rows), Rows); var to = dst.AsSpan((int)((long)c * k), k);
                for (int s = 0; s < k; s++) to[s] = column[rows[s]];
            }
        return dst;
    }

    /// <summary>Row-major copy of the kept columns.</summary>
    public double[] ToRowMajor()
    {
        var r = new double[Data.LongLength];
        const int band = 64;   // as in Create: 64 column streams read, whole cache lines written
        for (int c0 = 0; c0 < Columns; c0 += band)
        {
            int c1 = Math.Min(Columns, c0 + band);
            for (int i = 0; i < Rows; i++)
                for (int c = c0; c < c1; c++) r[(long)i * Columns + c] = Data[(long)c * Rows + i];
        }
        return r;
    }

    public static void RequireSameRows(CentredMatrix x, CentredMatrix y)
    {
        if (x.Rows != y.Rows)
            throw new ConcordException($"{y.Name}: has {y.Rows} rows but {x.Name} has {x.Rows}; rows must be the same examples");
    }
}
