namespace Concord.Datasets;

/// <summary>
/// A seeded random stream identical to NumPy's legacy <c>np.random.seed(s)</c> / <c>RandomState(s)</c> for the
/// operations Concord needs (<c>randint</c>-style bounded integers, <c>shuffle</c>, <c>permutation</c>,
/// <c>choice(n, k, replace=False)</c>, <c>standard_normal</c>). It is MT19937 (Matsumoto &amp; Nishimura 1998) seeded with
/// <c>init_genrand</c>, with NumPy's masked-rejection bounded integers (<c>random_interval</c>), so that the
/// paper's <c>np.random.seed(17); np.random.choice(50000, 15000, replace=False)</c> split is reproduced exactly.
/// </summary>
/// <remarks>Checked against NumPy 1.24 in <c>tests/reference/make_datasets.py</c>.</remarks>
public sealed class LegacyNumpyRandom
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>Seeds like <c>np.random.seed(seed)</c>; NumPy accepts 0 ≤ seed &lt; 2³².</summary>
    public LegacyNumpyRandom(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(seed), "seed must be in [0, 2^32)");
        _mt[0] = (uint)seed;
        for (int i = 1; i < N; i++) _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
        _index = N;
    }

    /// <summary>The next 32-bit output of MT19937 (tempered).</summary>
    public uint NextUInt32()
    {
        if (_index >= N) Twist();
        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % N] & 0x7fffffffu);
            _mt[i] = _mt[(i + M) % N] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
        }
        _index = 0;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits, as <c>np.random.random_sample()</c>.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>
    /// A standard normal draw as <c>RandomState.standard_normal()</c> (NumPy's <c>legacy_gauss</c>): the polar
    /// Box–Muller method on pairs x₁, x₂ = 2·<see cref="NextDouble"/> − 1 with r² = x₁² + x₂² ∈ (0, 1),
    /// f = √(−2 ln r² / r²); it returns f·x₂ and keeps f·x₁ for the next call.
    /// </summary>
    public double StandardNormal()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            return _gauss;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * NextDouble() - 1.0;
            x2 = 2.0 * NextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        }
        while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="max"/>] by masked rejection (NumPy's <c>random_interval</c>).</summary>
    public long Interval(long max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0) return 0;
        ulong mask = (ulong)max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
        ulong value;
        if ((ulong)max <= uint.MaxValue)
        {
            while ((value = NextUInt32() & mask) > (ulong)max) { }
        }
        else
        {
            while ((value = (((ulong)NextUInt32() << 32) | NextUInt32()) & mask) > (ulong)max) { }
        }
        return (long)value;
    }

    /// <summary>Shuffles in place like <c>RandomState.shuffle</c> (Fisher–Yates from the end).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)Interval(i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary><c>RandomState.permutation(n)</c>: a shuffled <c>arange(n)</c>.</summary>
    public long[] Permutation(int n)
    {
        var p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Shuffle<long>(p);
        return p;
    }

    /// <summary><c>RandomState.choice(n, k, replace=False)</c>: the first <paramref name="k"/> entries of a permutation, in random order.</summary>
    public long[] Choice(int n, int k)
    {
        if (k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"cannot take {k} of {n} without replacement");
        return Permutation(n)[..k];
    }
}
