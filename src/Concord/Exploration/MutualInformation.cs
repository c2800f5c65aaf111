using Concord.Datasets;
using Concord.Numerics;

namespace Concord.Exploration;

/// <summary>
/// Mutual information (nats) between each continuous column of X and a discrete class, estimated like scikit-learn 1.2's
/// <c>mutual_info_classif(X, y, discrete_features=False, n_neighbors=k, random_state=seed)</c> (Ross 2014, the
/// Kraskov–Stögbauer–Grassberger k-nearest-neighbour estimator for a continuous and a discrete variable):
/// <list type="number">
/// <item>each column is divided by its standard deviation (ddof = 0; a deviation below 10·ε counts as 1), as <c>scale(X, with_mean=False)</c>;</item>
/// <item>jitter: x_ij += (1e-10 · max(1, mean_i |x_ij|)) · g_ij, with g drawn row by row (i, then j) from NumPy's legacy
/// <c>RandomState(seed).standard_normal((n, p))</c>, so tied values (e.g. time-to-dB frame indices) become distinct;</item>
/// <item>per column: for each example i of a class with N_i ≥ 2 members, d_i = distance to its k_i-th nearest neighbour of
/// the same class (k_i = min(k, N_i − 1)), r_i = the double just below d_i, and m_i = the number of examples (of
/// classes with ≥ 2 members, i included) within r_i; then I = ψ(N) + ⟨ψ(k_i)⟩ − ⟨ψ(N_i)⟩ − ⟨ψ(m_i)⟩, clipped at 0
/// (N = examples of classes with ≥ 2 members, ⟨·⟩ = mean over them, ψ = digamma).</item>
/// </list>
/// Distances are |fl(x_i − x_j)|, exactly what scikit-learn's KD-tree computes, so the result equals scikit-learn's
/// (to summation rounding) on data whose classes all have more than 2k + 1 members. For smaller classes
/// scikit-learn's <c>NearestNeighbors</c> switches to brute force, which computes distances as
/// √(x² − 2xy + y²) and loses the jitter-scale differences; Concord keeps the exact distance (see docs/experiments.md).
/// The input is widened to double before scaling: the result equals scikit-learn on <c>X.astype(np.float64)</c>.
/// Cost O(n log n) per column; memory one column at a time per thread.
/// </summary>
public static class MutualInformation
{
    /// <summary>The estimate for every column of the row-major <paramref name="x"/> [n, p] against <paramref name="labels"/>.</summary>
    /// <param name="x">Values, row-major n × p (float32 features are widened).</param>
    /// <param name="rows">n.</param>
    /// <param name="columns">p.</param>
    /// <param name="labels">Class code per row (any integers).</param>
    /// <param name="options">k, seed, jitter, threads.</param>
    /// <returns>p values in nats, each ≥ 0.</returns>
    /// <exception cref="ConcordException">Shapes disagree, a value is not finite, or no class has two members.</exception>
    public static double[] Classify(ReadOnlySpan<float> x, int rows, int columns, ReadOnlySpan<int> labels, MutualInformationOptions? options = null)
    {
        var d = new double[x.Length];
        for (int i = 0; i < d.Length; i++) d[i] = x[i];
        return Classify(d, rows, columns, labels, options);
    }

    /// <inheritdoc cref="Classify(ReadOnlySpan{float}, int, int, ReadOnlySpan{int}, MutualInformationOptions?)"/>
    public static double[] Classify(ReadOnlySpan<double> x, int rows, int columns, ReadOnlySpan<int> labels, MutualInformationOptions? options = null)
    {
        options ??= new MutualInformationOptions();
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException("mutual information options: " + string.Join("; ", errors));
        if (rows < 1 || columns < 1 || (long)rows * columns != x.Length)
            throw new ConcordException($"mutual information: {x.Length} values cannot be {rows} × {columns}");
        if (labels.Length != rows) throw new ConcordException($"mutual information: {labels.Length} labels for {rows} rows");
        for (long k = 0; k < x.Length; k++)
            if (!double.IsFinite(x[(int)k])) throw new ConcordException($"mutual information: row {k / columns}, column {k % columns} is not finite");
        var cols = Scaled(x, rows, columns);
        AddJitter(cols, rows, columns, options);
        var groups = new ClassGroups(labels);
        if (groups.Kept == 0) throw new ConcordException("mutual information: no class has at least two examples");
        var mi = new double[columns];
        Parallel.For(0, columns, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, j => mi[j] = Column(cols[j], groups, options.Neighbors));
        return mi;
    }

    /// <summary>Column-major copy of x with every column divided by its population standard deviation (sequential sums, as NumPy's axis-0 reduction).</summary>
    private static double[][] Scaled(ReadOnlySpan<double> x, int n, int p)
    {
        var cols = new double[p][];
        for (int j = 0; j < p; j++) cols[j] = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) cols[j][i] = x[i * p + j];
        foreach (var c in cols)
        {
            double sum = 0;
            foreach (double v in c) sum += v;
            double mean = sum / n, ss = 0;
            foreach (double v in c) ss += (v - mean) * (v - mean);
            double sd = Math.Sqrt(ss / n);
            if (sd < 10 * Qr.MachineEpsilon) sd = 1;   // scikit-learn's _handle_zeros_in_scale
            for (int i = 0; i < n; i++) c[i] /= sd;
        }
        return cols;
    }

    private static void AddJitter(double[][] cols, int n, int p, MutualInformationOptions o)
    {
        if (o.Jitter == 0) return;
        var amplitude = new double[p];
        for (int j = 0; j < p; j++)
        {
            double s = 0;
            foreach (double v in cols[j]) s += Math.Abs(v);
            amplitude[j] = o.Jitter * Math.Max(1, s / n);
        }
        var rng = new LegacyNumpyRandom(o.Seed);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) cols[j][i] += amplitude[j] * rng.StandardNormal();
    }

    /// <summary>Members of each class, and which rows belong to classes with at least two members.</summary>
    private sealed class ClassGroups
    {
        public int[][] Members { get; }
        public int[] ClassSize { get; }
        public bool[] InKept { get; }
        public int Kept { get; }

        public ClassGroups(ReadOnlySpan<int> labels)
        {
            var byLabel = new SortedDictionary<int, List<int>>();
            for (int i = 0; i < labels.Length; i++)
            {
                if (!byLabel.TryGetValue(labels[i], out var list)) byLabel[labels[i]] = list = [];
                list.Add(i);
            }
            Members = byLabel.Values.Select(l => l.ToArray()).ToArray();
            ClassSize = new int[labels.Length];
            InKept = new bool[labels.Length];
            foreach (var m in Members)
                foreach (int i in m) { ClassSize[i] = m.Length; InKept[i] = m.Length > 1; }
            Kept = InKept.Count(b => b);
        }
    }

    /// <summary>The estimate for one jittered, scaled column.</summary>
    private static double Column(double[] c, ClassGroups g, int neighbors)
    {
        int n = c.Length;
        var radius = new double[n];
        var kOf = new int[n];
        foreach (var members in g.Members)
        {
            if (members.Length < 2) continue;
            int k = Math.Min(neighbors, members.Length - 1);
            var v = members.Select(i => c[i]).ToArray();
            var who = (int[])members.Clone();
            Array.Sort(v, who);
            for (int q = 0; q < v.Length; q++)
            {
                // Merge outwards from q: the k-th smallest |v_q − v_other| over the other members.
                int l = q - 1, r = q + 1;
                double dk = 0;
                for (int t = 0; t < k; t++)
                {
                    double dl = l >= 0 ? v[q] - v[l] : double.PositiveInfinity;
                    double dr = r < v.Length ? v[r] - v[q] : double.PositiveInfinity;
                    if (dl <= dr) { dk = dl; l--; }
                    else { dk = dr; r++; }
                }
                radius[who[q]] = dk > 0 ? Math.BitDecrement(dk) : 0;
                kOf[who[q]] = k;
            }
        }
        var kept = new double[g.Kept];
        int w = 0;
        for (int i = 0; i < n; i++) if (g.InKept[i]) kept[w++] = c[i];
        Array.Sort(kept);
        double sumK = 0, sumN = 0, sumM = 0;
        for (int i = 0; i < n; i++)
        {
            if (!g.InKept[i]) continue;
            int m = WithinRadius(kept, c[i], radius[i]);
            sumK += SpecialFunctions.Digamma(kOf[i]);
            sumN += SpecialFunctions.Digamma(g.ClassSize[i]);
            sumM += SpecialFunctions.Digamma(m);
        }
        int total = g.Kept;
        double mi = SpecialFunctions.Digamma(total) + sumK / total - sumN / total - sumM / total;
        return Math.Max(0, mi);
    }

    /// <summary>#{j : |fl(s_j − x)| ≤ r} in the sorted <paramref name="s"/> (which contains x): two binary searches, since fl(s_j − x) is monotone in s_j.</summary>
    private static int WithinRadius(double[] s, double x, double r)
    {
        int lo = 0, hi = s.Length;            // first index with s_j − x > r (right edge, exclusive)
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (s[mid] - x <= r) lo = mid + 1; else hi = mid;
        }
        int right = lo;
        lo = 0; hi = s.Length;                // first index with x − s_j ≤ r (left edge)
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (x - s[mid] <= r) hi = mid; else lo = mid + 1;
        }
        return right - lo;
    }
}
