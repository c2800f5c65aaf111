using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// How far a linear CKA value is from chance. <b>Permutation test:</b> shuffling Y's rows leaves ‖XᵀX‖, ‖YᵀY‖ and the
/// column means unchanged, so only ‖XᵀP_πY‖² and the debiasing term Σ a_π(i) b_i are recomputed; permuted copies of Y
/// are gathered in batches and multiplied against X in one kernel call. p = (k + 1)/(N + 1). <b>Bootstrap:</b> rows
/// are resampled with replacement, re-centred, and CKA recomputed; the interval is the percentile one (type-7
/// quantiles). Both are seeded with <see cref="Random"/>(seed) and are identical for the same seed on any thread count.
/// </summary>
public static class CkaCalibration
{
    /// <summary>Rows of X and of the shuffled copies of Y multiplied per kernel call.</summary>
    private const int PermutationBlockRows = 1024;
    /// <summary>Size of the buffer of shuffled copies of Y (one block of rows of each permutation in a batch).</summary>
    private const long GatherBytes = 32L << 20;

    /// <summary>Permutation p-values of linear CKA (biased and debiased).</summary>
    public static PermutationResult Permutation(Representation x, Representation y, int permutations, int seed, SimilarityOptions? options = null)
    {
        options ??= new SimilarityOptions();
        options.ThrowIfInvalid();
        var cx = CentredMatrix.Create(x, threads: options.Threads); var cy = CentredMatrix.Create(y, threads: options.Threads);
        LinearCka.Require(cx, cy);
        return Permutation(cx, cy, LinearCka.FeatureTerms(cx, cy, options), permutations, seed, options.Threads);
    }

    /// <summary>The permutation test on centred matrices; <paramref name="nullValues"/>, when given (length ≥ permutations), receives each shuffle's biased CKA in order (tests).</summary>
    internal static PermutationResult Permutation(CentredMatrix cx, CentredMatrix cy, CkaTerms observed, int permutations, int seed, int threads,
        double[]? nullValues = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        int n = cx.Rows, px = cx.Columns, py = cy.Columns;
        var a = cx.RowSquaredNorms(); var b = cy.RowSquaredNorms();
        var (_, _, _, sa, sb) = CkaTerms.RowTerms(a, b);
        double norm = Math.Sqrt(observed.Xx * observed.Yy), unorm = Math.Sqrt(observed.UXx * observed.UYy);
        double obs = observed.Biased, uobs = observed.Debiased;
        var rng = new Random(seed);
        // Blocks of X's rows are column-major views (stride n) of the centred data itself.
        const int block = PermutationBlockRows;
        int blocks = (n + block - 1) / block;
        var yRows = cy.ToRowMajor();
        // A batch of shuffled copies of Y sits side by side, row-major: row i holds y_π₁(i), y_π₂(i), … (whole rows copied).
        int batch = (int)Math.Clamp(GatherBytes / 8 / ((long)block * py), 1, permutations);
        int width = batch * py;
        var gathered = new double[(long)block * width];
        var c = new double[(long)px * width];
        var perms = new int[batch][];
        for (int t = 0; t < batch; t++) perms[t] = new int[n];
        int k = 0, uk = 0;
        double sum = 0, usum = 0, max = double.NegativeInfinity;
        var abPerm = new double[batch];
        for (int done = 0; done < permutations; done += batch)
        {
            int m = Math.Min(batch, permutations - done);
            for (int t = 0; t < m; t++)
            {
                var perm = perms[t];
                for (int i = 0; i < n; i++) perm[i] = i;
                for (int i = n - 1; i > 0; i--) { int j = rng.Next(i + 1); (perm[i], perm[j]) = (perm[j], perm[i]); }
                double ab = 0;
                for (int i = 0; i < n; i++) ab += a[i] * b[perm[i]];
                abPerm[t] = ab;
            }
            Array.Clear(c);
            for (int b0 = 0; b0 < blocks; b0++)
            {
                int r0 = b0 * block, mb = Math.Min(block, n - r0);
                RowPartition.For(mb, threads, (_, lo, hi) =>
                {
                    for (int i = lo; i < hi; i++)
                        for (int t = 0; t < m; t++)
                            yRows.AsSpan(perms[t][r0 + i] * py, py).CopyTo(gathered.AsSpan((int)((long)i * width + t * py), py));
                });
                CrossProducts.Accumulate(new MatrixView(cx.Data, r0, mb, px, StorageOrder.ColumnMajor, n),
                    new MatrixView(gathered, 0, mb, m * py, StorageOrder.RowMajor, width), c, 0, width, threads);
            }
            for (int t = 0; t < m; t++)
            {
                double xy = 0;
                for (int i = 0; i < px; i++) { var seg = c.AsSpan((int)((long)i * width + t * py), py); xy += CrossProducts.Dot(seg, seg); }
                double v = xy / norm, u = CkaTerms.UnbiasedHsic(xy, abPerm[t], sa, sb, n) / unorm;
                if (nullValues is not null) nullValues[done + t] = v;
                if (v >= obs) k++;
                if (u >= uobs) uk++;
                sum += v; usum += u; max = Math.Max(max, v);
            }
        }
        return new PermutationResult(permutations, seed, (k + 1.0) / (permutations + 1), (uk + 1.0) / (permutations + 1),
            sum / permutations, usum / permutations, max);
    }

    /// <summary>Percentile bootstrap interval of linear CKA over examples.</summary>
    public static BootstrapInterval Bootstrap(Representation x, Representation y, int resamples, int seed, SimilarityOptions? options = null)
    {
        options ??= new SimilarityOptions();
        options.ThrowIfInvalid();
        var cx = CentredMatrix.Create(x, threads: options.Threads); var cy = CentredMatrix.Create(y, threads: options.Threads);
        LinearCka.Require(cx, cy);
        return Bootstrap(cx, cy, resamples, seed, options);
    }

    /// <summary>
    /// A resample draws rows with multiplicities w_i (Σw_i = n, about 37 % of them 0). Its centred cross products are
    /// Σ_i w_i (x_i − x̄_w)(y_i − ȳ_w)ᵀ with x̄_w = Σ_i w_i x_i / n, so they are computed from the ≈ 0.632 n distinct drawn
    /// rows scaled by √w_i (Σ_i (√w_i u_i)(√w_i v_i)ᵀ = Σ_i w_i u_i v_iᵀ), and the debiasing sums weight each distinct
    /// row's terms by w_i. The same resamples as copying the drawn rows, in about 63 % of the work.
    /// </summary>
    internal static BootstrapInterval Bootstrap(CentredMatrix cx, CentredMatrix cy, int resamples, int seed, SimilarityOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        int n = cx.Rows;
        var rng = new Random(seed);
        var counts = new int[n]; var distinct = new int[n];
        var xs = new double[cx.Data.LongLength]; var ys = new double[cy.Data.LongLength];
        var a = new double[n]; var b = new double[n];
        var biased = new List<double>(resamples); var debiased = new List<double>(resamples);
        var buffers = new FeatureProductBuffers();
        for (int r = 0; r < resamples; r++)
        {
            Array.Clear(counts);
            for (int i = 0; i < n; i++) counts[rng.Next(n)]++;
            int m = 0;
            for (int i = 0; i < n; i++) if (counts[i] > 0) distinct[m++] = i;
            Reweight(cx, counts, distinct, m, xs, a);
            Reweight(cy, counts, distinct, m, ys, b);
            var (xy, xx, yy) = LinearCka.FeatureProducts(xs, cx.Columns, ys, cy.Columns, m, options, buffers);
            double ab = 0, aa = 0, bb = 0, sa = 0, sb = 0;
            for (int d = 0; d < m; d++)
            {
                double w = counts[distinct[d]];
                ab += w * a[d] * b[d]; aa += w * a[d] * a[d]; bb += w * b[d] * b[d]; sa += w * a[d]; sb += w * b[d];
            }
            var t = CkaTerms.FromFeatureSpace(n, xy, xx, yy, ab, aa, bb, sa, sb);
            biased.Add(t.Biased);
            if (!double.IsNaN(t.Debiased)) debiased.Add(t.Debiased);
        }
        double lo = (1 - options.ConfidenceLevel) / 2, hi = 1 - lo;
        return new BootstrapInterval(resamples, seed, options.ConfidenceLevel, Quantile(biased, lo), Quantile(biased, hi),
            Quantile(debiased, lo), Quantile(debiased, hi));
    }

    /// <summary>
    /// The m distinct drawn rows of a resample, centred by the resample's (weighted) means and scaled by √w, column-major
    /// into <paramref name="dst"/> (m × columns); <paramref name="norms"/>[d] = ‖x_d − x̄_w‖², unscaled.
    /// </summary>
    private static void Reweight(CentredMatrix matrix, int[] counts, int[] distinct, int m, double[] dst, double[] norms)
    {
        int n = matrix.Rows;
        Array.Clear(norms, 0, m);
        for (int c = 0; c < matrix.Columns; c++)
        {
            var src = matrix.Data.AsSpan(c * n, n); var col = dst.AsSpan(c * m, m);
            double sum = 0;
            for (int d = 0; d < m; d++) sum += counts[distinct[d]] * src[distinct[d]];
            double mean = sum / n;
            for (int d = 0; d < m; d++)
            {
                double v = src[distinct[d]] - mean;
                norms[d] += v * v;
                col[d] = Math.Sqrt(counts[distinct[d]]) * v;
            }
        }
    }

    /// <summary>Type-7 (numpy default) quantile; NaN for an empty list.</summary>
    internal static double Quantile(List<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.Order().ToArray();
        double h = (s.Length - 1) * q;
        int lo = (int)Math.Floor(h), hi = Math.Min(lo + 1, s.Length - 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }
}
