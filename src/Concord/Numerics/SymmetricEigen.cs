using System.Numerics;

namespace Concord.Numerics;

/// <summary>
/// Eigendecomposition A = Z Λ Zᵀ of a dense symmetric matrix: Householder reduction to tridiagonal form, then the
/// implicit QL algorithm with Wilkinson-type shifts (Wilkinson &amp; Reinsch, Handbook for Automatic Computation II,
/// procedures tred2 and tql2), about 9n³ flops with the vectors. For the Gram matrices of the ridge probes, where the
/// one-sided Jacobi <see cref="Svd"/> costs sweeps·n³ with far slower inner loops. Eigenvalues are returned in
/// descending order with unit eigenvectors; the lower triangle of the input is read.
/// </summary>
public sealed class SymmetricEigen
{
    /// <summary>Eigenvalues, descending.</summary>
    public double[] Values { get; }
    /// <summary>Eigenvectors, row k (length n) belonging to <c>Values[k]</c>: row-major n × n.</summary>
    public double[] Vectors { get; }
    public int Size { get; }

    private SymmetricEigen(double[] values, double[] vectors, int n) { Values = values; Vectors = vectors; Size = n; }

    /// <summary>Decomposes the row-major symmetric <paramref name="a"/> (n × n, not modified).</summary>
    /// <param name="a">Row-major n × n; the lower triangle is read.</param>
    /// <param name="n">Order of the matrix.</param>
    /// <param name="workers">Threads for the O(n³) updates; every element's arithmetic is the same for any count, so the
    /// result is too.</param>
    /// <exception cref="ConcordException">A non-finite value, or the QL iteration did not converge.</exception>
    public static SymmetricEigen Compute(ReadOnlySpan<double> a, int n, int workers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        if ((long)n * n != a.Length) throw new ArgumentException("a must hold n × n values");
        var m = a.ToArray();
        if (!m.All(double.IsFinite)) throw new ConcordException("symmetric eigendecomposition: the matrix has a non-finite value");
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) m[(long)i * n + j] = m[(long)j * n + i];   // from the lower triangle
        var d = new double[n];
        var e = new double[n];      // e[i] couples d[i] and d[i + 1]
        var tau = new double[n];
        Tridiagonalise(m, n, d, e, tau, workers);
        var zt = Accumulate(m, n, tau, workers);
        QlImplicit(d, e, zt, n, workers);
        // descending order
        var order = Enumerable.Range(0, n).OrderByDescending(i => d[i]).ToArray();
        var values = new double[n];
        var vectors = new double[(long)n * n];
        for (int k = 0; k < n; k++)
        {
            values[k] = d[order[k]];
            zt.AsSpan((int)((long)order[k] * n), n).CopyTo(vectors.AsSpan((int)((long)k * n), n));
        }
        return new SymmetricEigen(values, vectors, n);
    }

    /// <summary>
    /// For k = 0 … n − 3, the reflector H_k = I − τ v vᵀ that zeroes row/column k below the subdiagonal, applied to the
    /// trailing block as the symmetric rank-2 update A ← A − v wᵀ − w vᵀ (p = τAv, w = p − (τ pᵀv/2) v). v is stored in
    /// row k of <paramref name="m"/> (columns k + 1 …), with v₀ = 1 scaling folded into τ.
    /// </summary>
    private static void Tridiagonalise(double[] m, int n, double[] d, double[] e, double[] tau, int workers)
    {
        var p = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            int s = k + 1, len = n - s;
            var v = m.AsSpan((int)((long)k * n + s), len);
            double norm = Math.Sqrt(CrossProducts.Dot(v, v));
            d[k] = m[(long)k * n + k];
            if (norm == 0) { e[k] = 0; tau[k] = 0; continue; }
            double alpha = v[0] > 0 ? -norm : norm;
            e[k] = alpha;
            v[0] -= alpha;
            double vtv = CrossProducts.Dot(v, v);
            double t = 2 / vtv;
            tau[k] = t;
            int kk = k;
            Rows(len, len, workers, (from, to) =>
            {
                var vr = m.AsSpan((int)((long)kk * n + s), len);
                for (int i = from; i < to; i++) p[i] = t * CrossProducts.Dot(m.AsSpan((int)((long)(s + i) * n + s), len), vr);
            });
            var pv = p.AsSpan(0, len);
            double half = 0.5 * t * CrossProducts.Dot(pv, v);
            for (int i = 0; i < len; i++) pv[i] -= half * v[i];   // w
            Rows(len, len, workers, (from, to) =>
            {
                var vr = m.AsSpan((int)((long)kk * n + s), len);
                var w = p.AsSpan(0, len);
                for (int i = from; i < to; i++)
                {
                    var row = m.AsSpan((int)((long)(s + i) * n + s), len);
                    Axpy(-vr[i], w, row);
                    Axpy(-w[i], vr, row);
                }
            });
        }
        if (n >= 2)
        {
            d[n - 2] = m[(long)(n - 2) * n + n - 2];
            e[n - 2] = m[(long)(n - 1) * n + n - 2];
        }
        d[n - 1] = m[(long)(n - 1) * n + n - 1];
        e[n - 1] = 0;
    }

    /// <summary>Q = H₀H₁⋯H_{n−3}, formed backwards so that each reflector touches only the block it changes, returned
    /// transposed (row j = column j of Q) so that the QL rotations combine contiguous rows.</summary>
    private static double[] Accumulate(double[] m, int n, double[] tau, int workers)
    {
        var q = new double[(long)n * n];
        for (int i = 0; i < n; i++) q[(long)i * n + i] = 1;
        var u = new double[n];
        for (int k = n - 3; k >= 0; k--)
        {
            if (tau[k] == 0) continue;
            int s = k + 1, len = n - s;
            var v = m.AsSpan((int)((long)k * n + s), len);
            u.AsSpan(0, len).Clear();
            int kk = k;
            // uᵀ = vᵀQ: each worker sums its own columns of u over every row, in row order.
            Rows(len, len, workers, (from, to) =>
            {
                var vr = m.AsSpan((int)((long)kk * n + s), len);
                var uw = u.AsSpan(from, to - from);
                for (int i = 0; i < len; i++) Axpy(vr[i], q.AsSpan((int)((long)(s + i) * n + s + from), to - from), uw);
            });
            Rows(len, len, workers, (from, to) =>
            {
                var vr = m.AsSpan((int)((long)kk * n + s), len);
                var uv = u.AsSpan(0, len);
                for (int i = from; i < to; i++) Axpy(-tau[kk] * vr[i], uv, q.AsSpan((int)((long)(s + i) * n + s), len));
            });
        }
        var zt = new double[(long)n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) zt[(long)j * n + i] = q[(long)i * n + j];
        return zt;
    }

    /// <summary>Implicit QL on the tridiagonal (d, e), rotating rows of <paramref name="zt"/> along.</summary>
    private static void QlImplicit(double[] d, double[] e, double[] zt, int n, int workers)
    {
        const double eps = Qr.MachineEpsilon;
        var log = new RotationLog(zt, n, workers);
        double shift = 0, scale = 0;
        for (int l = 0; l < n; l++)
        {
            scale = Math.Max(scale, Math.Abs(d[l]) + Math.Abs(e[l]));
            int mIndex = l;
            while (mIndex < n - 1 && Math.Abs(e[mIndex]) > eps * scale) mIndex++;
            if (mIndex > l)
            {
                int iterations = 0;
                do
                {
                    if (++iterations > 60) throw new ConcordException("symmetric eigendecomposition: the QL iteration did not converge in 60 steps");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    shift += h;
                    p = d[mIndex];
                    double c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0, el1 = e[l + 1];
                    for (int i = mIndex - 1; i >= l; i--)
                    {
                        c3 = c2; c2 = c; s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        log.Add(i, c, s);
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
                while (Math.Abs(e[l]) > eps * scale);
            }
            d[l] += shift;
            e[l] = 0;
        }
        log.Flush();
    }

    /// <summary>
    /// The QL rotations, recorded in order and applied to the rows of Zᵀ later: their angles depend on (d, e) only, so
    /// they can be applied a column block at a time (a block of every row stays in cache through thousands of rotations)
    /// and blocks in parallel, each element seeing the same rotations in the same order as when applied one by one.
    /// </summary>
    private sealed class RotationLog(double[] zt, int n, int workers)
    {
        private const int BlockColumns = 64;
        private static int CapacityFor(int n) => (int)Math.Min(1 << 20, Math.Max(1024L, (long)n * n / 4));
        private readonly int[] _row = new int[CapacityFor(n)];
        private readonly double[] _c = new double[CapacityFor(n)], _s = new double[CapacityFor(n)];
        private int _count;

        public void Add(int row, double c, double s)
        {
            if (_count == _row.Length) Flush();
            _row[_count] = row; _c[_count] = c; _s[_count] = s;
            _count++;
        }

        public void Flush()
        {
            if (_count == 0) return;
            int blocks = (n + BlockColumns - 1) / BlockColumns;
            void Block(int b)
            {
                int from = b * BlockColumns, width = Math.Min(BlockColumns, n - from);
                for (int r = 0; r < _count; r++)
                {
                    long i = _row[r];
                    Rotate(zt.AsSpan((int)(i * n + from), width), zt.AsSpan((int)((i + 1) * n + from), width), _c[r], _s[r]);
                }
            }
            if (workers > 1 && (long)_count * n > 1_000_000)
                Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = workers }, Block);
            else
                for (int b = 0; b < blocks; b++) Block(b);
            _count = 0;
        }
    }

    /// <summary>Runs <paramref name="body"/>(from, to) over [0, count) in contiguous ranges, in parallel when the work
    /// (count × length) is large enough to pay for it.</summary>
    private static void Rows(int count, int length, int workers, Action<int, int> body)
    {
        if (workers == 1 || (long)count * length < 65_536) { body(0, count); return; }
        RowPartition.For(count, workers, (_, from, to) => body(from, to));
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }

    /// <summary>(a, b) ← (c·a − s·b, s·a + c·b) elementwise.</summary>
    private static void Rotate(Span<double> a, Span<double> b, double c, double s)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vc = new Vector<double>(c); var vs = new Vector<double>(s);
            int w = Vector<double>.Count;
            for (; i <= a.Length - w; i += w)
            {
                var x = new Vector<double>(a[i..]); var y = new Vector<double>(b[i..]);
                (vc * x - vs * y).CopyTo(a[i..]);
                (vs * x + vc * y).CopyTo(b[i..]);
            }
        }
        for (; i < a.Length; i++)
        {
            double x = a[i], y = b[i];
            a[i] = c * x - s * y;
            b[i] = s * x + c * y;
        }
    }

    /// <summary>y += α·x, a separate multiply and add in every lane and in the tail (no fused multiply-add), so that
    /// splitting a range among workers cannot change any element's rounding.</summary>
    internal static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<double>(alpha);
            int w = Vector<double>.Count;
            for (; i <= x.Length - w; i += w) (new Vector<double>(y[i..]) + va * new Vector<double>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] += alpha * x[i];
    }
}
