using System.Numerics;

namespace Concord.Similarity;

/// <summary>
/// Exact second and third central moments of T = tr(A P B Pᵀ) = Σ_ij a_ij b_π(i)π(j) over the n! row permutations P, for
/// symmetric n × n matrices A, B whose rows sum to zero (double-centred Gram matrices), from <see cref="GramInvariants"/>.
/// <para>
/// Derivation (the same as Kazi-Aoual et al. 1995 and Josse, Pagès &amp; Husson 2008, done mechanically here): E[T^m] is a
/// sum over the index positions (i₁, j₁, …, i_m, j_m). Group the terms by the set partition σ of the 2m positions into
/// equal indices; with r = |σ| distinct values, π maps them to r distinct values uniformly, so
/// E[T^m] = Σ_σ S_A(σ) S_B(σ) / (n)_r, where S_A(σ) sums Π a over <i>distinct</i> index values with pattern σ and
/// (n)_r = n(n−1)…(n−r+1). Möbius inversion on the partition lattice turns the distinct sums into free sums,
/// S(σ) = Σ_{τ ≥ σ} μ(σ, τ) F(τ), μ = Π_blocks (−1)^{k−1}(k−1)!, and each free sum F(τ) is a product over the connected
/// components of the multigraph the m edges (i_e, j_e) form on τ's blocks: zero when a vertex meets one edge end (rows
/// sum to zero), otherwise one of the eight <see cref="GramInvariant"/>s. The tables below hold the resulting integer
/// coefficients; the rational weights Σ_r K_r/(n)_r are summed exactly (BigInteger) before conversion to double.
/// Central moments come from trace-free matrices A' = A − (tr A/(n−1)) H (H the centring matrix): tr(A' P B' Pᵀ) differs
/// from T by a constant, and every term containing tr A' vanishes.
/// </para>
/// </summary>
internal static class PermutationMoments
{
    private static readonly Lazy<PatternTable> Second = new(() => PatternTable.Build(2));
    private static readonly Lazy<PatternTable> Third = new(() => PatternTable.Build(3));

    /// <summary>Var(T) and the third central moment of T for matrices of n rows (n ≥ 6).</summary>
    public static (double Variance, double ThirdCentral) Central(GramInvariants a, GramInvariants b, long n)
    {
        if (n < 6) throw new ArgumentOutOfRangeException(nameof(n), n, "the permutation moments need n ≥ 6");
        var fa = a.TraceFree(n); var fb = b.TraceFree(n);
        return (Second.Value.Evaluate(fa, fb, n), Third.Value.Evaluate(fa, fb, n));
    }

    /// <summary>E[T^m] (raw, not central) for any double-centred A, B; used by the tests with an exhaustive enumeration.</summary>
    internal static double Raw(int m, GramInvariants a, GramInvariants b, long n) =>
        m switch { 1 => a.Trace * b.Trace / (n - 1), 2 => Second.Value.Evaluate(a, b, n), 3 => Third.Value.Evaluate(a, b, n), _ => throw new ArgumentOutOfRangeException(nameof(m)) };

    /// <summary>For the m-th moment: per (monomial of A, monomial of B), the integer K_r for each number r of distinct indices.</summary>
    private sealed class PatternTable
    {
        private readonly int _positions;
        private readonly List<(GramInvariant[] A, GramInvariant[] B, long[] K)> _terms = [];

        private PatternTable(int positions) => _positions = positions;

        public static PatternTable Build(int m)
        {
            var table = new PatternTable(2 * m);
            var byPair = new Dictionary<(string, string), (GramInvariant[] A, GramInvariant[] B, long[] K)>();
            foreach (var sigma in Partitions(2 * m))
            {
                int r = sigma.Max() + 1;
                var distinct = DistinctSum(sigma, r, m);
                foreach (var (ma, ca) in distinct)
                    foreach (var (mb, cb) in distinct)
                    {
                        var key = (ma.Key, mb.Key);
                        if (!byPair.TryGetValue(key, out var t)) byPair[key] = t = (ma.Factors, mb.Factors, new long[2 * m + 1]);
                        t.K[r] += ca * cb;
                    }
            }
            table._terms.AddRange(byPair.Values.Where(t => t.K.Any(k => k != 0)));
            return table;
        }

        public double Evaluate(GramInvariants a, GramInvariants b, long n)
        {
            // Σ_r K_r/(n)_r = Σ_r K_r (n−r)(n−r−1)…(n−R+1) / (n)_R with R = 2m, exactly.
            int big = _positions;
            var fall = new BigInteger[big + 1];   // fall[r] = (n − r)(n − r − 1)…(n − R + 1)
            fall[big] = BigInteger.One;
            for (int r = big - 1; r >= 0; r--) fall[r] = fall[r + 1] * (n - r);
            double denominator = (double)fall[0];
            double total = 0;
            foreach (var (ma, mb, k) in _terms)
            {
                double va = Product(ma, a), vb = Product(mb, b);
                if (va == 0 || vb == 0) continue;
                var numerator = BigInteger.Zero;
                for (int r = 1; r <= big; r++) if (k[r] != 0) numerator += k[r] * fall[r];
                total += (double)numerator / denominator * va * vb;
            }
            return total;
        }

        private static double Product(GramInvariant[] factors, GramInvariants g)
        {
            double v = 1;
            foreach (var f in factors) v *= g[f];
            return v;
        }

        /// <summary>S(σ) as integer coefficients of invariant monomials: Möbius inversion over the coarsenings of σ.</summary>
        private static Dictionary<Monomial, long> DistinctSum(int[] sigma, int r, int m)
        {
            var result = new Dictionary<Monomial, long>();
            foreach (var rho in Partitions(r))
            {
                int blocks = rho.Max() + 1;
                long mu = 1;
                for (int t = 0; t < blocks; t++)
                {
                    int size = rho.Count(x => x == t);
                    mu *= (size % 2 == 1 ? 1 : -1) * Factorial(size - 1);
                }
                var edges = new (int, int)[m];
                for (int e = 0; e < m; e++) edges[e] = (rho[sigma[2 * e]], rho[sigma[2 * e + 1]]);
                if (Classify(blocks, edges) is not { } mono) continue;
                result[mono] = result.GetValueOrDefault(mono) + mu;
            }
            foreach (var k in result.Where(kv => kv.Value == 0).Select(kv => kv.Key).ToList()) result.Remove(k);
            return result;
        }

        private static long Factorial(int k) { long f = 1; for (int i = 2; i <= k; i++) f *= i; return f; }

        /// <summary>The free sum of Π a over a multigraph: null (zero) if a vertex meets exactly one edge end, else a monomial.</summary>
        private static Monomial? Classify(int vertices, (int A, int B)[] edges)
        {
            var degree = new int[vertices];
            foreach (var (x, y) in edges) { degree[x]++; degree[y]++; }
            if (degree.Any(d => d == 1)) return null;
            var root = Enumerable.Range(0, vertices).ToArray();
            int Find(int v) { while (root[v] != v) v = root[v]; return v; }
            foreach (var (x, y) in edges) root[Find(x)] = Find(y);
            var factors = new List<GramInvariant>();
            foreach (var component in Enumerable.Range(0, vertices).GroupBy(Find))
            {
                int c = component.Key, size = component.Count();
                var es = edges.Where(e => Find(e.A) == c).ToList();
                int loops = es.Count(e => e.A == e.B);
                factors.Add((size, es.Count, loops) switch
                {
                    (1, 1, 1) => GramInvariant.Trace,
                    (1, 2, 2) => GramInvariant.DiagonalSquares,
                    (1, 3, 3) => GramInvariant.DiagonalCubes,
                    (2, 2, 0) => GramInvariant.Square,
                    (2, 3, 0) => GramInvariant.EntryCubes,
                    (2, 3, 1) => GramInvariant.DiagonalWeightedSquare,
                    (2, 3, 2) => GramInvariant.DiagonalQuadratic,
                    (3, 3, 0) => GramInvariant.Cube,
                    _ => throw new InvalidOperationException($"unexpected component: {size} vertices, {es.Count} edges, {loops} loops"),
                });
            }
            return new Monomial(factors.Order().ToArray());
        }

        /// <summary>Set partitions of {0 … count−1} as restricted growth strings (block index per element).</summary>
        private static IEnumerable<int[]> Partitions(int count)
        {
            var a = new int[count];
            IEnumerable<int[]> Grow(int i, int max)
            {
                if (i == count) { yield return (int[])a.Clone(); yield break; }
                for (int v = 0; v <= max + 1; v++)
                {
                    a[i] = v;
                    foreach (var p in Grow(i + 1, Math.Max(max, v))) yield return p;
                }
            }
            if (count == 0) return [Array.Empty<int>()];
            a[0] = 0;
            return Grow(1, 0);
        }
    }

    private sealed record Monomial(GramInvariant[] Factors)
    {
        public string Key => string.Join(",", Factors);
        public bool Equals(Monomial? other) => other is not null && Key == other.Key;
        public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);
    }
}
