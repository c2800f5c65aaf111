using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// Streaming linear CKA (biased and debiased) for every pair of a grid of <c>.npy</c> matrices with the same rows, e.g.
/// 25 deep layers × 23 hand-crafted features, in double precision with memory bounded by
/// <see cref="SimilarityOptions.MaxCrossProductBytes"/>:
/// <list type="bullet">
/// <item>each file is scanned once for finiteness, constant columns and column means;</item>
/// <item>‖YᵀY‖_F and the row norms b_i = ‖y_i − ȳ‖² are computed once per Y, ‖XᵀX‖_F and a_i once per X, in column
/// strips that fit the budget (one pass over the file per strip; no p × p matrix for large p);</item>
/// <item>per X, one pass over the rows forms Xᵀ[Y_1 … Y_k], the cross products with all Y at once (Y grouped so the
/// product fits the budget), from which ‖XᵀY_j‖²_F and Σ a_i b_i follow for every j.</item>
/// </list>
/// Cost: n·p_x²/2 per X, n·p_y²/2 per Y and n·p_x·Σp_y for the cross products.
/// </summary>
public static class LinearCkaGrid
{
    /// <exception cref="ConcordException">A file is missing, non-numeric, has a different row count, a non-finite value, or only constant columns.</exception>
    public static CkaGridResult Compute(IReadOnlyList<string> xPaths, IReadOnlyList<string> yPaths, SimilarityOptions? options = null,
        IProgress<string>? progress = null)
    {
        options ??= new SimilarityOptions();
        options.ThrowIfInvalid();
        if (xPaths.Count == 0 || yPaths.Count == 0) throw new ConcordException("similarity grid: no X or no Y matrices given");
        var ys = new List<NpyColumnSource>(); var xs = new List<NpyColumnSource>();
        try
        {
            foreach (var p in yPaths) ys.Add(new NpyColumnSource(p));
            foreach (var p in xPaths) xs.Add(new NpyColumnSource(p));
            int n = ys[0].Rows;
            foreach (var s in xs.Concat(ys))
                if (s.Rows != n) throw new ConcordException($"{s.Path}: has {s.Rows} rows but {ys[0].Path} has {n}; rows must be the same examples");
            LinearCka.RequireDebiasable(n, ys[0].Path);
            var ySelf = new List<SelfTerms>();
            foreach (var y in ys)
            {
                progress?.Report($"scan {y.Path}");
                y.Scan(options.BlockRows);
                ySelf.Add(Self(y, options));
            }
            var cells = new List<IReadOnlyList<CkaResult>>();
            foreach (var x in xs)
            {
                progress?.Report($"scan {x.Path}");
                x.Scan(options.BlockRows);
                var xSelf = Self(x, options);
                var xy = Cross(x, ys, options);
                var row = new List<CkaResult>();
                for (int j = 0; j < ys.Count; j++)
                {
                    var (ab, aa, _, sa, _) = CkaTerms.RowTerms(xSelf.RowNorms, ySelf[j].RowNorms);
                    var bb = ySelf[j].SumSquaredRowNorms;
                    var t = CkaTerms.FromFeatureSpace(n, xy[j], xSelf.Frobenius2, ySelf[j].Frobenius2, ab, aa, bb, sa, ySelf[j].Trace);
                    var dims = new SimilarityDimensions(n, x.Columns, ys[j].Columns, x.Dropped, ys[j].Dropped, null, null,
                        t.ParticipationX, t.ParticipationY, $"float64 accumulation; inputs {x.Precision}, {ys[j].Precision}");
                    row.Add(new CkaResult(t.Biased, t.Debiased, LinearCkaForm.FeatureSpace, "linear", dims));
                }
                cells.Add(row);
            }
            return new CkaGridResult(xPaths, yPaths, cells);
        }
        finally
        {
            foreach (var s in xs.Concat(ys)) s.Dispose();
        }
    }

    /// <summary>Streaming linear CKA of one pair of files: the 1 × 1 grid.</summary>
    public static CkaResult ComputePair(string xPath, string yPath, SimilarityOptions? options = null) =>
        Compute([xPath], [yPath], options).Cells[0][0];

    private sealed record SelfTerms(double Frobenius2, double[] RowNorms, double Trace, double SumSquaredRowNorms);

    /// <summary>‖XᵀX‖²_F in column strips (one pass each) and the centred row norms (first pass).</summary>
    private static SelfTerms Self(NpyColumnSource s, SimilarityOptions o)
    {
        int n = s.Rows, p = s.Columns, bm = o.BlockRows;
        var fro = new SymmetricFrobenius(p, o.MaxCrossProductBytes);
        var panel = new double[(long)p * bm];
        var norms = new double[n];
        double total = 0;
        for (int strip = 0; strip < fro.Strips; strip++)
        {
            var buf = fro.NewStripBuffer(strip);
            for (long r0 = 0; r0 < n; r0 += bm)
            {
                int m = (int)Math.Min(bm, n - r0);
                s.ReadPanel(r0, m, panel, 0);
                fro.Accumulate(strip, buf, panel, 0, m, o.Threads);
                if (strip == 0)
                    for (int c = 0; c < p; c++)
                    {
                        var col = panel.AsSpan(c * m, m);
                        for (int i = 0; i < m; i++) norms[r0 + i] += col[i] * col[i];
                    }
            }
            total += fro.StripSquares(strip, buf);
        }
        return new SelfTerms(total, norms, norms.Sum(), CrossProducts.Dot(norms, norms));
    }

    /// <summary>‖XᵀY_j‖²_F for every j, with the Y grouped so each product fits the budget.</summary>
    private static double[] Cross(NpyColumnSource x, List<NpyColumnSource> ys, SimilarityOptions o)
    {
        int n = x.Rows, px = x.Columns, bm = o.BlockRows;
        var result = new double[ys.Count];
        var xPanel = new double[(long)px * bm];
        int start = 0;
        while (start < ys.Count)
        {
            int end = start, width = 0;
            while (end < ys.Count && (end == start || (long)px * (width + ys[end].Columns) * 8 <= o.MaxCrossProductBytes)) width += ys[end++].Columns;
            var yPanel = new double[(long)width * bm];
            var c = new double[(long)px * width];
            for (long r0 = 0; r0 < n; r0 += bm)
            {
                int m = (int)Math.Min(bm, n - r0);
                x.ReadPanel(r0, m, xPanel, 0);
                long off = 0;
                for (int j = start; j < end; j++) { ys[j].ReadPanel(r0, m, yPanel, off); off += (long)ys[j].Columns * m; }
                CrossProducts.AccumulateDots(xPanel, 0, px, yPanel, 0, width, m, c, 0, width, o.Threads);
            }
            int col0 = 0;
            for (int j = start; j < end; j++)
            {
                double s = 0;
                for (int i = 0; i < px; i++) { var seg = c.AsSpan((int)((long)i * width + col0), ys[j].Columns); s += CrossProducts.Dot(seg, seg); }
                result[j] = s;
                col0 += ys[j].Columns;
            }
            start = end;
        }
        return result;
    }
}
