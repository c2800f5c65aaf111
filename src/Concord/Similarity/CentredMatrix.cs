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

    /// <summary>Checks finiteness (naming the first bad cell); when centring, drops constant columns and centres.</summary>
    public static CentredMatrix Create(Representation r, bool centre = true)
    {
        int n = r.Rows, p = r.Columns;
        var raw = r.Raw;
        if (n == 0) throw new ConcordException($"{r.Name}: no rows");
        if (p == 0) throw new ConcordException($"{r.Name}: no columns");
        for (long k = 0; k < raw.LongLength; k++)
            if (!double.IsFinite(raw[k]))
                throw new ConcordException($"{r.Name}: row {k / p}, column {k % p} is {(double.IsNaN(raw[k]) ? "NaN" : "infinite")}");
        // Constant columns are zero after centring; without centring (Kornblith's raw cca()) they are kept.
        var constant = new bool[p];
        Array.Fill(constant, centre);
        for (int i = 1; i < n; i++)
        {
            int o = i * p;
            if (centre) for (int j = 0; j < p; j++) if (constant[j] && raw[o + j] != raw[j]) constant[j] = false;
        }
        var kept = Enumerable.Range(0, p).Where(j => !constant[j]).ToArray();
        var dropped = Enumerable.Range(0, p).Where(j => constant[j]).ToArray();
        var data = new double[(long)kept.Length * n];
        // Transpose in bands of 64 kept columns, so each pass over the rows reads whole cache lines and writes 64 streams.
        const int band = 64;
        for (int c0 = 0; c0 < kept.Length; c0 += band)
        {
            int c1 = Math.Min(kept.Length, c0 + band);
            for (int i = 0; i < n; i++)
            {
                long o = (long)i * p;
                for (int c = c0; c < c1; c++) data[(long)c * n + i] = raw[o + kept[c]];
            }
        }
        for (int c = 0; c < kept.Length; c++)
        {
            var col = data.AsSpan(c * n, n);
            double sum = 0;
            for (int i = 0; i < n; i++) sum += col[i];
            if (centre) { double mean = sum / n; for (int i = 0; i < n; i++) col[i] -= mean; }
        }
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
