using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// A validated representation stored column-major (each kept feature's n values contiguous), column-centred unless
/// asked otherwise, with zero-variance (constant) columns removed and remembered.
/// </summary>
internal sealed class CentredMatrix
{
    public required string Name { get; init; }
    public required int Rows { get; init; }
    /// <summary>Kept columns.</summary>
    public required int Columns { get; init; }
    public required int OriginalColumns { get; init; }
    /// <summary>Column-major values of the kept columns, <c>Columns × Rows</c> back to back.</summary>
    public required double[] Data { get; init; }
    public required int[] Dropped { get; init; }
    public required bool Centred { get; init; }
    public required string Precision { get; init; }

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
    /// Checks finiteness (naming the first bad cell); when centring, drops constant columns and centres. With
    /// <paramref name="threads"/> &gt; 1 the row-major scan (finiteness and constancy in one pass) is split by rows and the
    /// transpose-and-centre by bands of columns; every column's sum is taken in row order, so the result does not depend on
    /// the thread count.
    /// </summary>
    public static CentredMatrix Create(Representation r, bool centre = true, int threads = 1)
    {
        int n = r.Rows, p = r.Columns;
        var raw = r.Raw;
        if (n == 0) throw new ConcordException($"{r.Name}: no rows");
        if (p == 0) throw new ConcordException($"{r.Name}: no columns");
        // One pass over the rows: the first non-finite cell of each range, and which columns differ from row 0 in it.
        int workers = RowPartition.Effective(n, threads);
        var firstBad = new long[workers];
        var varies = new bool[workers][];
        RowPartition.For(n, workers, (w, start, end) =>
        {
            var differs = varies[w] = new bool[p];
            firstBad[w] = -1;
            var row0 = raw.AsSpan(0, p);
            for (int i = start; i < end; i++)
            {
                var row = raw.AsSpan(i * p, p);
                for (int j = 0; j < p; j++)
                {
                    double v = row[j];
                    if (!double.IsFinite(v)) { firstBad[w] = (long)i * p + j; return; }
                    if (v != row0[j]) differs[j] = true;
                }
            }
        });
        foreach (long k in firstBad)
            if (k >= 0) throw new ConcordException($"{r.Name}: row {k / p}, column {k % p} is {(double.IsNaN(raw[k]) ? "NaN" : "infinite")}");
        // Constant columns are zero after centring; without centring (Kornblith's raw cca()) they are kept.
        var constant = Enumerable.Range(0, p).Select(j => centre && !varies.Any(v => v[j])).ToArray();
        var kept = Enumerable.Range(0, p).Where(j => !constant[j]).ToArray();
        var dropped = Enumerable.Range(0, p).Where(j => constant[j]).ToArray();
        var data = new double[(long)kept.Length * n];
        // Transpose in bands of 64 kept columns, so each pass over the rows reads whole cache lines and writes 64 streams;
        // each column's sum is taken as it is written (in row order), then the band is centred.
        const int band = 64;
        int bands = (kept.Length + band - 1) / band;
        Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, b =>
        {
            int c0 = b * band, c1 = Math.Min(kept.Length, c0 + band);
            Span<double> sums = stackalloc double[band];
            sums.Clear();
            for (int i = 0; i < n; i++)
            {
                var row = raw.AsSpan(i * p, p);
                for (int c = c0; c < c1; c++) { double v = row[kept[c]]; data[(long)c * n + i] = v; sums[c - c0] += v; }
            }
            if (!centre) return;
            for (int c = c0; c < c1; c++)
            {
                var col = data.AsSpan(c * n, n);
                double mean = sums[c - c0] / n;
                for (int i = 0; i < n; i++) col[i] -= mean;
            }
        });
        return new CentredMatrix
        {
            Name = r.Name, Rows = n, Columns = kept.Length, OriginalColumns = p, Data = data, Dropped = dropped,
            Centred = centre, Precision = r.SourcePrecision,
        };
    }

    /// <summary>Throws when every column is constant: the measure is undefined (zero variance).</summary>
    public CentredMatrix RequireVariance(string measure)
    {
        if (Columns == 0) throw new ConcordException($"{Name}: every column is constant (zero variance), so {measure} is undefined");
        return this;
    }

    /// <summary>Squared Euclidean norm of each row (over kept columns).</summary>
    public double[] RowSquaredNorms()
    {
        var a = new double[Rows];
        for (int c = 0; c < Columns; c++)
        {
            var col = Data.AsSpan(c * Rows, Rows);
            for (int i = 0; i < Rows; i++) a[i] += col[i] * col[i];
        }
        return a;
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
