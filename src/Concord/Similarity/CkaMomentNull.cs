using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// The permutation null of linear CKA without permuting. Biased linear CKA is the RV coefficient
/// tr(A B)/√(tr A² tr B²) of the double-centred Gram matrices A = X Xᵀ, B = Y Yᵀ; shuffling Y's rows changes only
/// T = tr(A P B Pᵀ), whose exact mean tr A tr B/(n − 1), variance and third central moment over all n! shuffles follow
/// from eight sums of each matrix (<see cref="GramInvariants"/>, <see cref="PermutationMoments"/>). The p-value is the
/// upper tail of a Pearson type III distribution with those three moments (Josse, Pagès &amp; Husson 2008, CSDA 53:82–91;
/// the moments as in Kazi-Aoual, Hitier, Sabatier &amp; Lebreton 1995, CSDA 20:643–656).
/// <para>
/// Every sum is computed without an n × n matrix when p ≤ n: from G = XᵀX (p × p), tr A² = ‖G‖², tr A³ = tr G³,
/// Σ d_i (A²)_ii = ⟨G, Xᵀ diag(d) X⟩, dᵀAd = ‖Xᵀd‖² with d_i = ‖x_i‖²; only Σ_ij (x_i·x_j)³ needs more: the third-moment
/// tensor Σ_i x_i⊗x_i⊗x_i (n p³/2) when p² &lt; n, else tiles of X Xᵀ summed as they are formed (n² p/2).
/// </para>
/// <para>
/// With the sampled sums below, the n × p centred matrix is never copied: XᵀX, Xᵀd and XᵀY read the representation
/// through <see cref="CentredMatrix.View"/>, and only the sampled rows are gathered.
/// </para>
/// <para>
/// Above <see cref="SimilarityOptions.MomentSampleRows"/> rows the two sums that enter only the third moment and cost
/// n p²/2 or more, Σ_{i≠j} (x_i·x_j)³ and Σ d_i (A²)_ii, are estimated from seeded samples of rows
/// (<see cref="SampledOffDiagonalCubes"/>, <see cref="SampledWeightedSquare"/>); tr A, tr A² and Σ d_i² stay exact, so
/// the null's mean and variance do.
/// </para>
/// </summary>
public static class CkaMomentNull
{
    /// <summary>Rows of the Gram tiles (A's columns are the rows of X, a band of the GEMM's largest work item).</summary>
    private const int TileRows = 480;
    /// <summary>Rows per block when forming the tensor.</summary>
    private const int BlockRows = 256;
    /// <summary>
    /// Most rows per block of the weighted cross products, and the most values (32 MB) in its scaled copy: a whole number of
    /// k-blocks below two k-slices, so the sums are those of one call per k-block.
    /// </summary>
    private const int WeightedBlockRows = 16 * CrossProducts.BlockK, WeightedBlockValues = 1 << 22;

    /// <summary>The moment-based null and p-value of the biased linear CKA of two in-memory representations.</summary>
    /// <exception cref="ConcordException">Bad input (as <see cref="LinearCka.Compute(Representation, Representation, SimilarityOptions?)"/>), n &lt; 6, or no form fits the memory budget.</exception>
    public static MomentNullResult Compute(Representation x, Representation y, SimilarityOptions? options = null)
    {
        options ??= new SimilarityOptions();
        options.ThrowIfInvalid();
        var cx = CentredMatrix.Create(x, threads: options.Threads); var cy = CentredMatrix.Create(y, threads: options.Threads);
        LinearCka.Require(cx, cy);
        RequireRows(cx);
        // The observed CKA from the invariants' tr A² = ‖XᵀX‖²_F and tr B², so that only ‖XᵀY‖² is added to the moments' cost.
        var (a, formX) = Invariants(cx, options);
        var (b, formY) = Invariants(cy, options);
        var cross = LargeArrays.Doubles((long)cx.Columns * cy.Columns);
        CrossProducts.Accumulate(cx.View, cy.View, cross, 0, cy.Columns, options.Threads);
        return Compute(a, formX, b, formY, cx.Rows, CrossProducts.Dot(cross, cross) / Math.Sqrt(a.Square * b.Square));
    }

    internal static MomentNullResult Compute(CentredMatrix cx, CentredMatrix cy, double observed, SimilarityOptions options)
    {
        RequireRows(cx);
        var (a, formX) = Invariants(cx, options);
        var (b, formY) = Invariants(cy, options);
        return Compute(a, formX, b, formY, cx.Rows, observed);
    }

    private static void RequireRows(CentredMatrix cx)
    {
        if (cx.Rows < 6) throw new ConcordException($"{cx.Name}: the moment-based CKA null needs at least 6 examples; got n = {cx.Rows}");
    }

    private static MomentNullResult Compute(GramInvariants a, GramInvariantForm formX, GramInvariants b, GramInvariantForm formY, long n, double observed)
    {
        var (variance, third) = PermutationMoments.Central(a, b, n);
        double norm = Math.Sqrt(a.Square * b.Square);
        double mean = a.Trace * b.Trace / (n - 1) / norm;
        double sd = Math.Sqrt(Math.Max(variance, 0)) / norm;
        double skew = variance > 0 ? third / Math.Pow(variance, 1.5) : double.NaN;
        double z = (observed - mean) / sd;
        return new MomentNullResult(observed, mean, sd, skew, z, PearsonTypeIII.UpperTail(observed, mean, sd, skew), formX, formY);
    }

    /// <summary>
    /// Whether one side with <paramref name="n"/> rows and <paramref name="p"/> columns has a form of the moment null within
    /// <see cref="SimilarityOptions.MaxCrossProductBytes"/> (two n × n or three p × p double matrices) and enough rows;
    /// otherwise <see cref="Compute(Representation, Representation, SimilarityOptions?)"/> refuses.
    /// </summary>
    public static bool Fits(long n, long p, SimilarityOptions options) =>
        n >= 6 && (GramFormFits(n, options.MaxCrossProductBytes) || FeatureFormFits(p, options.MaxCrossProductBytes));

    /// <summary>The n × n form: A and A² within the budget.</summary>
    private static bool GramFormFits(long n, long budget) => 2 * n * n * 8 <= budget;

    /// <summary>The p × p form: G, G² and one more p × p matrix within the budget.</summary>
    private static bool FeatureFormFits(long p, long budget) => 3 * p * p * 8 <= budget;

    /// <summary>The invariants of A = X Xᵀ for centred X, by the cheapest form within the byte budget.</summary>
    internal static (GramInvariants Invariants, GramInvariantForm Form) Invariants(CentredMatrix m, SimilarityOptions options) =>
        m.Remember(("moment invariants", options.MaxCrossProductBytes, options.MomentSampleRows, options.Seed), () => ComputeInvariants(m, options));

    private static (GramInvariants Invariants, GramInvariantForm Form) ComputeInvariants(CentredMatrix m, SimilarityOptions options)
    {
        long n = m.Rows, p = m.Columns, budget = options.MaxCrossProductBytes;
        bool featureFits = FeatureFormFits(p, budget), gramFits = GramFormFits(n, budget);
        if (gramFits && (n <= p || !featureFits)) return (FromGram(m, options.Threads), GramInvariantForm.Gram);
        if (!featureFits)
            throw new ConcordException($"{m.Name}: the moment-based CKA null needs three {p} × {p} or two {n} × {n} double matrices " +
                $"({Math.Min(3 * p * p, 2 * n * n) * 8 / 1e9:F1} GB), more than the {budget / 1e9:F1} GB budget; use fewer examples or columns, or the permutation null");
        var d = m.RowSquaredNorms();
        var g = LargeArrays.Doubles(p * p);
        var view = m.View;
        CrossProducts.Accumulate(view, view, g, 0, (int)p, options.Threads, upperOnly: true);
        Mirror(g, (int)p);
        bool sampled = n > options.MomentSampleRows;
        var weighted = sampled ? null : WeightedCrossProducts(m, d, options.Threads);
        // G² is symmetric: its upper triangle is enough for tr G³ = ⟨G², G⟩.
        var g2 = LargeArrays.Doubles(p * p);
        CrossProducts.Accumulate(MatrixView.RowMajor(g, 0, (int)p, (int)p), MatrixView.RowMajor(g, 0, (int)p, (int)p), g2, 0, (int)p, options.Threads, upperOnly: true);
        double t2 = CrossProducts.Dot(g, g), t3 = UpperInner(g2, g, (int)p);
        var projections = new double[p];
        CrossProducts.Accumulate(view, MatrixView.ColumnMajor(d, 0, (int)n, 1), projections, 0, 1, options.Threads);
        double quadratic = CrossProducts.Dot(projections, projections);
        var (t1, s2, s3) = DiagonalSums(d);
        if (sampled)
        {
            var random = new Random(options.Seed);
            double cubes = SampledOffDiagonalCubes(m, d, random, options);
            double r = SampledWeightedSquare(m, d, g, (t1, s2, s3, t2), random, options);
            return (new GramInvariants(t1, s2, s3, t2, t3, s3 + cubes, r, quadratic), GramInvariantForm.FeatureGramSample);
        }
        bool tensor = p * p < n && p * p * (p + 1) / 2 * 8 <= budget;
        double u = tensor ? TensorCubes(m, options.Threads) : TileCubes(m, options.Threads, budget);
        return (new GramInvariants(t1, s2, s3, t2, t3, u, CrossProducts.Dot(g, weighted!), quadratic),
            tensor ? GramInvariantForm.FeatureTensor : GramInvariantForm.FeatureGramTiles);
    }

    private static (double T1, double S2, double S3) DiagonalSums(ReadOnlySpan<double> d)
    {
        double t1 = 0, s2 = 0, s3 = 0;
        foreach (double v in d) { t1 += v; s2 += v * v; s3 += v * v * v; }
        return (t1, s2, s3);
    }

    private static void Mirror(double[] s, int p)
    {
        for (int i = 0; i < p; i++)
            for (int j = i + 1; j < p; j++) s[(long)j * p + i] = s[(long)i * p + j];
    }

    /// <summary>Σ_ij a_ij b_ij of two symmetric p × p matrices from their upper triangles (off-diagonal entries twice).</summary>
    internal static double UpperInner(double[] a, double[] b, int p)
    {
        double total = 0;
        for (int i = 0; i < p; i++)
        {
            var ra = a.AsSpan(i * p + i, p - i); var rb = b.AsSpan(i * p + i, p - i);
            total += 2 * CrossProducts.Dot(ra, rb) - ra[0] * rb[0];
        }
        return total;
    }

    /// <summary>
    /// Xᵀ diag(d) X (p × p, full), in blocks of up to <see cref="WeightedBlockRows"/> rows with a scaled copy of each block
    /// (one cross-product call per block, so C is swept once per block rather than once per k-block).
    /// </summary>
    private static double[] WeightedCrossProducts(CentredMatrix m, double[] d, int threads)
    {
        int n = m.Rows, p = m.Columns;
        int blockRows = Math.Clamp(WeightedBlockValues / p / CrossProducts.BlockK * CrossProducts.BlockK, CrossProducts.BlockK, WeightedBlockRows);
        var w = LargeArrays.Doubles((long)p * p);
        var scaled = LargeArrays.Doubles((long)Math.Min(blockRows, n) * p);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        for (int r0 = 0; r0 < n; r0 += blockRows)
        {
            int mb = Math.Min(blockRows, n - r0);
            Parallel.For(0, p, parallel, c =>
            {
                var src = m.Data.AsSpan((int)((long)c * n + r0), mb); var dst = scaled.AsSpan((int)((long)c * mb), mb); var weights = d.AsSpan(r0, mb);
                for (int i = 0; i < mb; i++) dst[i] = src[i] * weights[i];
            });
            CrossProducts.Accumulate(new MatrixView(m.Data, r0, mb, p, StorageOrder.ColumnMajor, n), MatrixView.ColumnMajor(scaled, 0, mb, p),
                w, 0, p, threads, upperOnly: true);
        }
        Mirror(w, p);
        return w;
    }

    /// <summary>
    /// Σ_ij (x_i·x_j)³ = Σ_abc M_abc² with M = Σ_i x_i⊗x_i⊗x_i: the pairs a ≤ b of products x_a x_b of each block of rows
    /// are multiplied against the block (M[(a,b), c] += Σ_i x_ia x_ib x_ic), and pairs a &lt; b count twice.
    /// </summary>
    private static double TensorCubes(CentredMatrix m, int threads)
    {
        int n = m.Rows, p = m.Columns, pairs = p * (p + 1) / 2;
        var tensor = LargeArrays.Doubles((long)pairs * p);
        var z = LargeArrays.Doubles((long)BlockRows * pairs);
        for (int r0 = 0; r0 < n; r0 += BlockRows)
        {
            int mb = Math.Min(BlockRows, n - r0), q = 0;
            for (int a = 0; a < p; a++)
                for (int b = a; b < p; b++, q++)
                {
                    var xa = m.Data.AsSpan(a * n + r0, mb); var xb = m.Data.AsSpan(b * n + r0, mb); var dst = z.AsSpan(q * mb, mb);
                    for (int i = 0; i < mb; i++) dst[i] = xa[i] * xb[i];
                }
            CrossProducts.Accumulate(MatrixView.ColumnMajor(z, 0, mb, pairs), new MatrixView(m.Data, r0, mb, p, StorageOrder.ColumnMajor, n),
                tensor, 0, p, threads);
        }
        double total = 0;
        for (int a = 0, q = 0; a < p; a++)
            for (int b = a; b < p; b++, q++)
            {
                var row = tensor.AsSpan(q * p, p);
                total += (a == b ? 1 : 2) * CrossProducts.Dot(row, row);
            }
        return total;
    }

    /// <summary>
    /// Σ_ij (x_i·x_j)³ over tiles of X Xᵀ: for each band of rows (<see cref="BandRows"/>), the products with every later
    /// row (in chunks within the budget), cubed and summed as they are formed; entries above the diagonal count twice.
    /// Every entry is the same chain of fused multiply-adds whatever the band, and when a band's products reach the last
    /// row in one chunk each row's cubes are summed from the diagonal in one pass, so the sum does not depend on the band
    /// height.
    /// </summary>
    private static double TileCubes(CentredMatrix m, int threads, long budget)
    {
        int n = m.Rows, p = m.Columns;
        var xt = new MatrixView(m.Data, 0, p, n, StorageOrder.RowMajor, n);   // Xᵀ: p × n
        int chunk = Chunk(n, budget), bandRows = BandRows(n, budget);
        var tile = LargeArrays.Doubles((long)bandRows * chunk);
        double total = 0;
        for (int i0 = 0; i0 < n; i0 += bandRows)
        {
            int bi = Math.Min(bandRows, n - i0);
            for (int j0 = i0; j0 < n; j0 += chunk)
            {
                int bj = Math.Min(chunk, n - j0);
                Array.Clear(tile, 0, bi * bj);
                // The first chunk starts at the band's diagonal: its entries below it are never read.
                CrossProducts.Accumulate(xt.SliceColumns(i0, bi), xt.SliceColumns(j0, bj), tile, 0, bj, threads, upperOnly: j0 == i0);
                for (int i = 0; i < bi; i++)
                {
                    int gi = i0 + i, start = Math.Max(0, gi - j0);
                    total += RowCubes(tile.AsSpan(i * bj + start, bj - start), gi - j0 - start);
                }
            }
        }
        return total;
    }

    /// <summary>Columns of X Xᵀ formed per call of <see cref="TileCubes"/>: as many later rows as a quarter of the budget holds for a 480-row band.</summary>
    private static int Chunk(long n, long budget) => (int)Math.Clamp(budget / 8 / TileRows / 4, Math.Min(TileRows, n), n);

    /// <summary>
    /// Rows per band of <see cref="TileCubes"/>: 480, or, when a band's products reach the last row in one chunk, as many
    /// as <see cref="TallBandBytes"/> (and a quarter of the budget) hold, so that a few large cross-product calls, each
    /// spread over all the workers, cover X Xᵀ without forming it whole.
    /// </summary>
    internal static int BandRows(long n, long budget) =>
        Chunk(n, budget) < n ? TileRows : (int)Math.Clamp(Math.Min(TallBandBytes, budget / 4) / 8 / n, Math.Min(TileRows, n), n);

    /// <summary>Most bytes of one tall band of X Xᵀ (<see cref="BandRows"/>).</summary>
    private const long TallBandBytes = 32L << 20;

    /// <summary>Bytes of the products <see cref="TileCubes"/> holds for n rows: one band's chunk.</summary>
    internal static long CubeProductBytes(long n, long budget) => (long)Math.Min(BandRows(n, budget), n) * Chunk(n, budget) * 8;

    /// <summary>
    /// Σ_j w_j row_j³ over one row of upper-triangle products, in order: w = 1 at <paramref name="diagonal"/> (the entry
    /// (x_i·x_i)³; negative or past the end when the row holds none of it) and 2 elsewhere (each pair i &lt; j stands for two).
    /// </summary>
    private static double RowCubes(ReadOnlySpan<double> row, int diagonal)
    {
        double s = 0;
        for (int j = 0; j < row.Length; j++) { double v = row[j]; s += (j == diagonal ? 1 : 2) * v * v * v; }
        return s;
    }

    /// <summary>
    /// Unbiased estimate of Σ_{i≠j} (x_i·x_j)³ from the rows S of a simple random sample of size m (drawn from
    /// <paramref name="random"/>, taken in row order): n(n − 1)/(m(m − 1)) Σ_{i≠j ∈ S} (x_i·x_j)³, every pair of distinct
    /// rows being in S with probability m(m − 1)/(n(n − 1)). The rows keep the full data's centring.
    /// </summary>
    private static double SampledOffDiagonalCubes(CentredMatrix m, double[] d, Random random, SimilarityOptions options)
    {
        int n = m.Rows, p = m.Columns, k = options.MomentSampleRows;
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < k; i++) { int j = random.Next(i, n); (order[i], order[j]) = (order[j], order[i]); }
        var rows = order[..k];
        Array.Sort(rows);
        var data = m.GatherRows(rows);
        double diagonal = 0;
        foreach (int i in rows) diagonal += d[i] * d[i] * d[i];
        var sample = new CentredMatrix
        {
            Name = m.Name, Rows = k, Columns = p, OriginalColumns = m.OriginalColumns, Data = data, Dropped = m.Dropped,
            Centred = m.Centred, Precision = m.Precision,
        };
        double inSample = TileCubes(sample, options.Threads, options.MaxCrossProductBytes) - diagonal;
        return inSample * ((double)n * (n - 1)) / ((double)k * (k - 1));
    }

    /// <summary>
    /// Unbiased estimate of Σ_i d_i (A²)_ii without Xᵀ diag(d) X. With q_i = Σ_{j≠i} a_ij² = x_iᵀ G x_i − d_i² and
    /// ρ_i = q_i / d_i, the sum is Σ d_i³ + Σ d_i² ρ_i, and the d-weighted mean ρ̄ = Σ d_i ρ_i / Σ d_i = (tr A² − Σ d_i²) / tr A
    /// is exact, so Σ d_i² ρ_i = ρ̄ Σ d_i² + Σ d_i² (ρ_i − ρ̄) and only the residual is estimated: m rows drawn with
    /// replacement with probability d_i² / Σ d² (Hansen–Hurwitz), (Σ d²/m) Σ_draws (ρ_i − ρ̄), each drawn row's x_iᵀ G x_i
    /// exact (G times the drawn rows, at most m p² multiply-adds). Its error is set by how far the rows' Rayleigh quotients
    /// x_iᵀ G x_i / d_i spread, not by heavy-tailed row norms.
    /// </summary>
    private static double SampledWeightedSquare(CentredMatrix m, double[] d, double[] g, (double T1, double S2, double S3, double T2) sums,
        Random random, SimilarityOptions options)
    {
        var (t1, s2, s3, t2) = sums;
        if (s2 == 0) return s3;
        int n = m.Rows, p = m.Columns, draws = options.MomentSampleRows;
        var cumulative = new double[n];
        double running = 0;
        for (int i = 0; i < n; i++) cumulative[i] = running += d[i] * d[i];
        var counts = new SortedDictionary<int, int>();
        for (int k = 0; k < draws; k++)
        {
            // The first row whose cumulative weight exceeds u < Σd² (so never a row of weight 0).
            double u = random.NextDouble() * running;
            int lo = 0, hi = n - 1;
            while (lo < hi) { int mid = (lo + hi) >>> 1; if (cumulative[mid] > u) hi = mid; else lo = mid + 1; }
            counts[lo] = counts.GetValueOrDefault(lo) + 1;
        }
        var rows = counts.Keys.ToArray();
        int distinct = rows.Length;
        // The distinct drawn rows (sorted) as the columns of a row-major p × distinct matrix, G times it, and x_iᵀ G x_i
        // summed over the columns in order.
        var sample = m.GatherRows(rows);
        var projected = LargeArrays.Doubles((long)p * distinct);
        CrossProducts.Accumulate(MatrixView.RowMajor(g, 0, p, p), MatrixView.RowMajor(sample, 0, p, distinct), projected, 0, distinct, options.Threads);
        var quadratic = new double[distinct];
        for (int c = 0; c < p; c++)
        {
            var gx = projected.AsSpan((int)((long)c * distinct), distinct); var x = sample.AsSpan((int)((long)c * distinct), distinct);
            for (int s = 0; s < distinct; s++) quadratic[s] += gx[s] * x[s];
        }
        double rhoBar = (t2 - s2) / t1, residual = 0;
        for (int s = 0; s < distinct; s++)
        {
            int i = rows[s];
            double rho = (quadratic[s] - d[i] * d[i]) / d[i];
            residual += counts[i] * (rho - rhoBar);
        }
        return s3 + rhoBar * s2 + running / draws * residual;
    }

    /// <summary>All eight sums from the full n × n Gram matrix (tr A³ through A², n³).</summary>
    private static GramInvariants FromGram(CentredMatrix m, int threads) =>
        GramInvariants.FromMatrix(LinearCka.SharedGram(m, threads), m.Rows, threads);
}
