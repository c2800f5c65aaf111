using Concord.Datasets;
using Concord.Numerics;

namespace Concord.Exploration;

/// <summary>
/// Principal components of n rows × p columns (Fig. 11's PCA scatter): the columns are centred (and, by default,
/// standardised), then the leading eigenvectors of M = ZᵀZ (p × p, when p ≤ n) or of M = ZZᵀ (n × n, when p &gt; n;
/// components v = Zᵀu / ‖Zᵀu‖) are found by subspace iteration with Rayleigh–Ritz on a block of
/// min(size, components + 8) vectors. M is formed once with the tiled cross-product kernel (n·min(n,p)·max(n,p)/2
/// multiply-adds) and holds min(n, p)² doubles, so bound n (the caller subsamples rows) when p is large.
/// The explained-variance ratio is θ_c / tr(M); scores are Z·v_c.
/// </summary>
public static class PrincipalComponents
{
    /// <summary>Fits on float32 rows (widened to double as they are standardised, without a float64 copy of the input).</summary>
    public static PcaModel Fit(ReadOnlySpan<float> rows, int n, int p, PcaOptions? options = null) => Fit<float>(rows, n, p, options);

    /// <summary>Fits on the row-major <paramref name="rows"/> [n, p].</summary>
    /// <exception cref="ConcordException">Bad shape, a non-finite value, fewer than two rows, or every column constant.</exception>
    public static PcaModel Fit(ReadOnlySpan<double> rows, int n, int p, PcaOptions? options = null) => Fit<double>(rows, n, p, options);

    /// <summary>
    /// The working set of <see cref="Fit(ReadOnlySpan{float}, int, int, PcaOptions?)"/> on n × p rows, besides the input
    /// itself: the standardised float64 copy, M (min(n, p)² doubles, plus p × n for the transposed copy when p ≤ n), the
    /// subspace-iteration block (five arrays of (k + 8) × min(n, p)) and the components (k × p).
    /// </summary>
    public static MemoryEstimate Memory(long n, long p, PcaOptions? options = null)
    {
        options ??= new PcaOptions();
        long size = Math.Min(n, p), block = Math.Min(size, options.Components + 8);
        return new MemoryEstimate(
        [
            new("standardised copy, float64", n * p * 8),
            new(p > n ? "Gram matrix, float64" : "covariance matrix and transposed copy, float64", size * size * 8 + (p > n ? 0 : n * p * 8)),
            new("subspace iteration and components, float64", 5 * block * size * 8 + options.Components * p * 8),
        ]);
    }

    private static PcaModel Fit<T>(ReadOnlySpan<T> rows, int n, int p, PcaOptions? options) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        options ??= new PcaOptions();
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException("PCA options: " + string.Join("; ", errors));
        if (n < 2 || p < 1 || (long)n * p != rows.Length) throw new ConcordException($"PCA: needs at least 2 rows; got {rows.Length} values for {n} × {p}");
        var (means, scales, z) = Standardize(rows, n, p, options.Standardize);
        bool gram = p > n;
        int size = gram ? n : p;
        var m = new double[(long)size * size];
        if (gram) CrossProducts.AccumulateDots(z, 0, n, z, 0, n, p, m, 0, n, options.Threads, upperOnly: true);
        else
        {
            var zt = Transpose(z, n, p);
            CrossProducts.AccumulateDots(zt, 0, p, zt, 0, p, n, m, 0, p, options.Threads, upperOnly: true);
        }
        for (int i = 0; i < size; i++)
            for (int j = 0; j < i; j++) m[(long)i * size + j] = m[(long)j * size + i];
        double trace = 0;
        for (int i = 0; i < size; i++) trace += m[(long)i * size + i];
        if (!(trace > 0)) throw new ConcordException("PCA: every column is constant (zero variance)");
        int k = Math.Min(options.Components, size);
        var (values, vectors, iterations) = TopEigen(m, size, k, options);
        var components = new double[k * p];
        for (int c = 0; c < k; c++)
        {
            var v = components.AsSpan(c * p, p);
            if (!gram) vectors.AsSpan(c * size, size).CopyTo(v);
            else
            {
                for (int i = 0; i < n; i++)
                {
                    double u = vectors[c * size + i];
                    var row = z.AsSpan(i * p, p);
                    for (int j = 0; j < p; j++) v[j] += u * row[j];
                }
                double norm = Math.Sqrt(CrossProducts.Dot(v, v));
                if (norm > 0) for (int j = 0; j < p; j++) v[j] /= norm;
            }
            int big = 0;
            for (int j = 1; j < p; j++) if (Math.Abs(v[j]) > Math.Abs(v[big])) big = j;
            if (v[big] < 0) for (int j = 0; j < p; j++) v[j] = -v[j];
        }
        return new PcaModel(means, scales, components, values.Select(t => t / (n - 1)).ToArray(), values.Select(t => t / trace).ToArray(), iterations);
    }

    private static (double[] Means, double[] Scales, double[] Z) Standardize<T>(ReadOnlySpan<T> x, int n, int p, bool scale)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        var mean = new double[p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
            {
                double v = double.CreateTruncating(x[i * p + j]);
                if (!double.IsFinite(v)) throw new ConcordException($"PCA: row {i}, column {j} is not finite");
                mean[j] += v;
            }
        for (int j = 0; j < p; j++) mean[j] /= n;
        var sd = new double[p];
        var z = new double[(long)n * p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
            {
                double d = double.CreateTruncating(x[i * p + j]) - mean[j];
                z[(long)i * p + j] = d;
                sd[j] += d * d;
            }
        for (int j = 0; j < p; j++)
        {
            sd[j] = Math.Sqrt(sd[j] / n);
            if (!scale || sd[j] < 10 * Qr.MachineEpsilon) sd[j] = 1;
        }
        if (scale)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < p; j++) z[(long)i * p + j] /= sd[j];
        return (mean, sd, z);
    }

    private static double[] Transpose(double[] z, int n, int p)
    {
        var t = new double[z.LongLength];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) t[(long)j * n + i] = z[(long)i * p + j];
        return t;
    }

    /// <summary>
    /// The <paramref name="k"/> largest eigenpairs of the symmetric positive semi-definite <paramref name="m"/> [size, size]:
    /// Q ← orth(M Q) with Rayleigh–Ritz (eigenvectors of QᵀMQ, from its SVD) until the residuals are below tolerance.
    /// Returns the eigenvalues (descending) and the eigenvectors row-major [k, size].
    /// </summary>
    private static (double[] Values, double[] Vectors, int Iterations) TopEigen(double[] m, int size, int k, PcaOptions o)
    {
        int b = Math.Min(size, k + 8);
        var rng = new LegacyNumpyRandom(o.Seed);
        var q = new double[b * size];                    // b vectors of length size, back to back
        for (int i = 0; i < q.Length; i++) q[i] = rng.StandardNormal();
        Orthonormalize(q, b, size);
        var w = new double[b * size];
        var ritz = new double[b * size];
        var mRitz = new double[b * size];
        var theta = new double[b];
        int it = 0;
        while (true)
        {
            it++;
            Array.Clear(w);
            CrossProducts.AccumulateDots(q, 0, b, m, 0, size, size, w, 0, size, o.Threads);   // w_j = M q_j (M symmetric)
            var h = new double[b * b];                                                       // H = Qᵀ M Q, column-major
            for (int i = 0; i < b; i++)
                for (int j = 0; j < b; j++) h[j * b + i] = CrossProducts.Dot(q.AsSpan(i * size, size), w.AsSpan(j * size, size));
            for (int i = 0; i < b; i++)
                for (int j = 0; j < i; j++) h[j * b + i] = h[i * b + j] = 0.5 * (h[j * b + i] + h[i * b + j]);
            var svd = Svd.Compute(h, b, b);
            Array.Clear(ritz);
            Array.Clear(mRitz);
            for (int c = 0; c < b; c++)
            {
                theta[c] = svd.Values[c];
                for (int i = 0; i < b; i++)
                {
                    double coef = svd.V[c * b + i];
                    if (coef == 0) continue;
                    var dst = ritz.AsSpan(c * size, size); var src = q.AsSpan(i * size, size);
                    var mDst = mRitz.AsSpan(c * size, size); var mSrc = w.AsSpan(i * size, size);
                    for (int t = 0; t < size; t++) { dst[t] += coef * src[t]; mDst[t] += coef * mSrc[t]; }
                }
            }
            bool converged = true;
            for (int c = 0; c < k && converged; c++)
            {
                double r2 = 0;
                for (int t = 0; t < size; t++) { double r = mRitz[c * size + t] - theta[c] * ritz[c * size + t]; r2 += r * r; }
                converged = Math.Sqrt(r2) <= o.Tolerance * Math.Max(theta[0], double.Epsilon);
            }
            if (converged || it >= o.MaxIterations) break;
            Array.Copy(mRitz, q, q.Length);
            Orthonormalize(q, b, size);
        }
        return (theta[..k], ritz[..(k * size)], it);
    }

    /// <summary>
    /// Modified Gram–Schmidt, twice, on <paramref name="count"/> vectors of <paramref name="length"/>. A vector that loses
    /// all but 1e-13 of its norm (M of lower rank than the block) is replaced by the first unit vector e_t that is not in
    /// the span of the previous ones (count ≤ length, so one exists).
    /// </summary>
    private static void Orthonormalize(double[] v, int count, int length)
    {
        for (int c = 0; c < count; c++)
        {
            var x = v.AsSpan(c * length, length);
            double before = Math.Sqrt(CrossProducts.Dot(x, x));
            double norm = ProjectOut(v, c, length);
            for (int t = 0; !(norm > 1e-13 * before) && t < length; t++)
            {
                x.Clear();
                x[t] = 1;
                before = 1;
                norm = ProjectOut(v, c, length);
            }
            for (int i = 0; i < length; i++) x[i] /= norm;
        }
    }

    /// <summary>Removes from vector c its components along vectors 0..c−1 (twice, for stability); returns its remaining norm.</summary>
    private static double ProjectOut(double[] v, int c, int length)
    {
        var x = v.AsSpan(c * length, length);
        for (int pass = 0; pass < 2; pass++)
            for (int d = 0; d < c; d++)
            {
                var y = v.AsSpan(d * length, length);
                CrossProducts.SubtractScaled(x, y, CrossProducts.Dot(x, y));
            }
        return Math.Sqrt(CrossProducts.Dot(x, x));
    }
}
