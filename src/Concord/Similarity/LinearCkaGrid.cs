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
/// product fits the budget), from which ‖XᵀY_j‖²_F and Σ a_i b_i follow for every j;</item>
/// <item>composite features (<see cref="GridFeature"/>) add up their parts' ‖XᵀF_j‖²_F, so each distinct file is
/// multiplied against X once;</item>
/// <item>when X and a single-file Y both have more columns than rows and their n × n Gram matrices fit (half the budget
/// for the kept Y's), ‖XᵀY‖²_F = ⟨XXᵀ, YYᵀ⟩ is taken from the Gram matrices already formed for the norms (form Gram).</item>
/// </list>
/// Cost: n·p_x²/2 per X, n·p_y²/2 per Y and n·p_x·Σp_y for the cross products.
/// </summary>
public static class LinearCkaGrid
{
    /// <exception cref="ConcordException">A file is missing, non-numeric, has a different row count, a non-finite value, or only constant columns.</exception>
    public static CkaGridResult Compute(IReadOnlyList<string> xPaths, IReadOnlyList<string> yPaths, SimilarityOptions? options = null,
        IProgress<string>? progress = null) =>
        Compute(xPaths, yPaths.Select(GridFeature.File).ToList(), options, progress);

    /// <summary>The grid against features that may be composites; every distinct part file is read and multiplied once.</summary>
    /// <exception cref="ConcordException">As above, or a feature without parts.</exception>
    public static CkaGridResult Compute(IReadOnlyList<string> xPaths, IReadOnlyList<GridFeature> features, SimilarityOptions? options = null,
        IProgress<string>? progress = null)
    {
        options ??= new SimilarityOptions();
        options.ThrowIfInvalid();
        if (xPaths.Count == 0 || features.Count == 0) throw new ConcordException("similarity grid: no X or no Y matrices given");
        foreach (var f in features) if (f.Parts.Count == 0) throw new ConcordException($"similarity grid: feature '{f.Name}' has no parts");
        var partPaths = features.SelectMany(f => f.Parts).Distinct().ToList();
        var ys = new List<NpyColumnSource>(); var xs = new List<NpyColumnSource>();
        try
        {
            foreach (var p in partPaths) ys.Add(new NpyColumnSource(p));
            foreach (var p in xPaths) xs.Add(new NpyColumnSource(p));
            int n = ys[0].Rows;
            foreach (var s in xs.Concat(ys))
                if (s.Rows != n) throw new ConcordException($"{s.Path}: has {s.Rows} rows but {ys[0].Path} has {n}; rows must be the same examples");
            LinearCka.RequireDebiasable(n, ys[0].Path);
            var work = new Buffers();
            foreach (var y in ys) { progress?.Report($"scan {y.Path}"); y.Scan(options.BlockRows); }
            var partIndex = partPaths.Select((p, i) => (p, i)).ToDictionary(v => v.p, v => v.i);
            var fSources = features.Select(f => f.Parts.Count == 1
                ? (IColumnSource)ys[partIndex[f.Parts[0]]]
                : new CompositeColumnSource(f.Name, f.Parts.Select(p => ys[partIndex[p]]).ToList())).ToList();
            // A wide single-file feature whose ‖YYᵀ‖ was taken on the Gram side keeps its n × n Gram matrix (within half the
            // budget; the other half is X's): against an X also on the Gram side, ‖XᵀY‖²_F = ⟨XXᵀ, YYᵀ⟩ costs n², not n·p_x·p_y.
            var partGram = new double[]?[ys.Count];
            long kept = 0;
            var fSelf = new List<SelfTerms>();
            foreach (var f in fSources)
            {
                var self = Self(f, options, work);
                if (self.Gram is { } g && f is NpyColumnSource single && kept + (long)n * n * 8 <= options.MaxCrossProductBytes / 2)
                {
                    partGram[ys.IndexOf(single)] = g.AsSpan(0, n * n).ToArray();
                    kept += (long)n * n * 8;
                }
                fSelf.Add(self with { Gram = null });
            }
            var cells = new List<IReadOnlyList<CkaResult>>();
            foreach (var x in xs)
            {
                progress?.Report($"scan {x.Path}");
                x.Scan(options.BlockRows);
                var xSelf = Self(x, options, work);
                var streamed = Enumerable.Range(0, ys.Count).Where(i => xSelf.Gram is null || partGram[i] is null).ToList();
                var partXy = new double[ys.Count];
                foreach (int i in Enumerable.Range(0, ys.Count).Except(streamed)) partXy[i] = CkaMomentNull.UpperInner(xSelf.Gram!, partGram[i]!, n);   // ⟨XXᵀ, YYᵀ⟩ = ‖XᵀY‖²_F
                var crossed = Cross(x, streamed.Select(i => ys[i]).ToList(), options, work);
                for (int k = 0; k < streamed.Count; k++) partXy[streamed[k]] = crossed[k];
                var row = new List<CkaResult>();
                for (int j = 0; j < features.Count; j++)
                {
                    double xy = features[j].Parts.Sum(p => partXy[partIndex[p]]);
                    var (ab, aa, _, sa, _) = CkaTerms.RowTerms(xSelf.RowNorms, fSelf[j].RowNorms);
                    var t = CkaTerms.FromFeatureSpace(n, xy, xSelf.Frobenius2, fSelf[j].Frobenius2, ab, aa, fSelf[j].SumSquaredRowNorms, sa, fSelf[j].Trace);
                    var dims = new SimilarityDimensions(n, x.Columns, fSources[j].Columns, x.Dropped, fSources[j].Dropped, null, null,
                        t.ParticipationX, t.ParticipationY, $"float64 accumulation; inputs {x.Precision}, {fSources[j].Precision}");
                    bool gram = features[j].Parts.All(p => !streamed.Contains(partIndex[p]));
                    row.Add(new CkaResult(t.Biased, t.Debiased, gram ? LinearCkaForm.Gram : LinearCkaForm.FeatureSpace, "linear", dims));
                }
                cells.Add(row);
            }
            return new CkaGridResult(xPaths, features.Select(f => f.Name).ToList(), cells);
        }
        finally
        {
            foreach (var s in xs.Concat(ys)) s.Dispose();
        }
    }

    /// <summary>Streaming linear CKA of one pair of files: the 1 × 1 grid.</summary>
    public static CkaResult ComputePair(string xPath, string yPath, SimilarityOptions? options = null) =>
        Compute([xPath], [yPath], options).Cells[0][0];

    /// <summary>Large buffers reused from one matrix to the next, so the peak memory is that of the largest matrix.</summary>
    private sealed class Buffers
    {
        private readonly Dictionary<string, double[]> _arrays = [];

        /// <summary>A zeroed array of at least <paramref name="length"/> values.</summary>
        public double[] Get(string role, long length)
        {
            if (!_arrays.TryGetValue(role, out var a) || a.LongLength < length) _arrays[role] = a = new double[length];
            else Array.Clear(a, 0, (int)length);
            return a;
        }
    }

    /// <summary>‖XᵀX‖²_F and the row norms; <see cref="Gram"/> is the n × n upper triangle when the Gram side was taken (the
    /// shared work buffer: valid until the next <see cref="Self"/>, copied by whoever keeps it).</summary>
    private sealed record SelfTerms(double Frobenius2, double[] RowNorms, double Trace, double SumSquaredRowNorms, double[]? Gram = null);

    /// <summary>
    /// ‖XᵀX‖²_F = ‖XXᵀ‖²_F and the centred row norms, on the cheaper side: feature space (n p²/2, column strips, one pass
    /// each) or, when p &gt; n and the n × n upper triangle fits the budget, the Gram side (n² p/2, accumulated over
    /// column chunks of all rows). <see cref="SimilarityOptions.CkaForm"/> can force either side (Gram only when it fits).
    /// </summary>
    private static SelfTerms Self(IColumnSource s, SimilarityOptions o, Buffers work)
    {
        long nn = s.Rows;
        bool gramFits = nn * nn * 8 <= o.MaxCrossProductBytes / 2;
        if (gramFits && (o.CkaForm == LinearCkaForm.Gram || (o.CkaForm == LinearCkaForm.Auto && s.Columns > nn))) return SelfGram(s, o, work);
        int n = s.Rows, p = s.Columns, bm = o.BlockRows;
        var fro = new SymmetricFrobenius(p, o.MaxCrossProductBytes);
        var panel = work.Get("x-panel", (long)p * bm);
        var norms = new double[n];
        double total = 0;
        double[] buf = [];
        for (int strip = 0; strip < fro.Strips; strip++)
        {
            buf = work.Get("strip", (long)fro.StripWidth * p);
            for (long r0 = 0; r0 < n; r0 += bm)
            {
                int m = (int)Math.Min(bm, n - r0);
                s.ReadRowSlice(r0, m, 0, p, panel, 0, p);
                fro.Accumulate(strip, buf, MatrixView.RowMajor(panel, 0, m, p), o.Threads);
                if (strip == 0)
                    for (int i = 0; i < m; i++)
                    {
                        var row = panel.AsSpan(i * p, p);
                        norms[r0 + i] = CrossProducts.Dot(row, row);
                    }
            }
            total += fro.StripSquares(strip, buf);
        }
        return new SelfTerms(total, norms, norms.Sum(), CrossProducts.Dot(norms, norms));
    }

    private static SelfTerms SelfGram(IColumnSource s, SimilarityOptions o, Buffers work)
    {
        int n = s.Rows, p = s.Columns, bm = o.BlockRows;
        int w = (int)Math.Clamp(o.MaxCrossProductBytes / 2 / 8 / n, 1, p);
        var k = work.Get("gram", (long)n * n);
        var slice = work.Get("slice", (long)n * w);
        for (int c0 = 0; c0 < p; c0 += w)
        {
            int c1 = Math.Min(p, c0 + w);
            for (long r0 = 0; r0 < n; r0 += bm)
            {
                int m = (int)Math.Min(bm, n - r0);
                s.ReadRowSlice(r0, m, c0, c1, slice, r0 * (c1 - c0), c1 - c0);
            }
            CrossProducts.AccumulateDots(slice, 0, n, slice, 0, n, c1 - c0, k, 0, n, o.Threads, upperOnly: true);
        }
        var norms = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var row = k.AsSpan((int)((long)i * n + i), n - i);
            norms[i] = row[0];
            total += 2 * CrossProducts.Dot(row, row) - row[0] * row[0];
        }
        return new SelfTerms(total, norms, norms.Sum(), CrossProducts.Dot(norms, norms), k);
    }

    /// <summary>
    /// ‖XᵀY_j‖²_F for every j, with the Y grouped so each product fits the budget, and X's columns taken in strips when
    /// even one Y is too wide for a p_x × p_y product within it (two wide layers: each strip is one more pass over the
    /// rows, never a larger accumulator).
    /// </summary>
    private static double[] Cross(NpyColumnSource x, List<NpyColumnSource> ys, SimilarityOptions o, Buffers work)
    {
        int n = x.Rows, px = x.Columns, bm = o.BlockRows;
        var result = new double[ys.Count];
        int start = 0;
        while (start < ys.Count)
        {
            int end = start, width = 0;
            while (end < ys.Count && (end == start || (long)px * (width + ys[end].Columns) * 8 <= o.MaxCrossProductBytes)) width += ys[end++].Columns;
            int strip = LinearCka.StripColumns(px, width, o.MaxCrossProductBytes);
            var xPanel = work.Get("x-panel", (long)strip * bm);
            var yPanel = work.Get("y-panel", (long)width * bm);
            var c = work.Get("cross", (long)strip * width);
            for (int x0 = 0; x0 < px; x0 += strip)
            {
                int sw = Math.Min(strip, px - x0);
                if (x0 > 0) Array.Clear(c, 0, sw * width);
                for (long r0 = 0; r0 < n; r0 += bm)
                {
                    int m = (int)Math.Min(bm, n - r0);
                    x.ReadRowSlice(r0, m, x0, x0 + sw, xPanel, 0, sw);
                    int off = 0;
                    for (int j = start; j < end; j++) { ys[j].ReadRowSlice(r0, m, 0, ys[j].Columns, yPanel, off, width); off += ys[j].Columns; }
                    CrossProducts.Accumulate(MatrixView.RowMajor(xPanel, 0, m, sw), MatrixView.RowMajor(yPanel, 0, m, width), c, 0, width, o.Threads);
                }
                int col0 = 0;
                for (int j = start; j < end; j++)
                {
                    double s = 0;
                    for (int i = 0; i < sw; i++) { var seg = c.AsSpan((int)((long)i * width + col0), ys[j].Columns); s += CrossProducts.Dot(seg, seg); }
                    result[j] += s;
                    col0 += ys[j].Columns;
                }
            }
            start = end;
        }
        return result;
    }
}
