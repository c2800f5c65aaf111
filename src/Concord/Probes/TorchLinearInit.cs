namespace Concord.Probes;

/// <summary>
/// PyTorch's default <c>nn.Linear(d, K)</c> initialisation under <c>torch.manual_seed(seed)</c> on the CPU, reproduced
/// bit for bit without libtorch: the generator is MT19937 seeded with <c>seed</c>; <c>uniform_(from, to)</c> on a
/// float32 tensor draws one 32-bit word per element in C order and returns ((r &amp; (2²⁴ − 1)) · 2⁻²⁴)·(to − from) + from
/// in float32. The weight uses kaiming_uniform_(a = √5), i.e. bound √3·√(2/(1 + a²))/√d; the bias then uses 1/√d.
/// Verified against torch 1.13's saved initial weights (Reference/probes/paper_sgd_wavelet_w0.npy).
/// </summary>
public static class TorchLinearInit
{
    /// <summary>Returns (weight [K·d row-major], bias [K]) as torch.manual_seed(seed); nn.Linear(d, K) creates them.</summary>
    public static (float[] Weight, float[] Bias) Create(int inputs, int outputs, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        var mt = new Mt19937((uint)seed);
        double a = Math.Sqrt(5.0);
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        double std = gain / Math.Sqrt(inputs);
        double wBound = Math.Sqrt(3.0) * std;
        var w = new float[inputs * outputs];
        Fill(mt, w, -wBound, wBound);
        double bBound = 1 / Math.Sqrt(inputs);
        var b = new float[outputs];
        Fill(mt, b, -bBound, bBound);
        return (w, b);
    }

    private static void Fill(Mt19937 mt, Span<float> dst, double fromD, double toD)
    {
        float from = (float)fromD, to = (float)toD;
        float range = to - from;
        const float divisor = 1.0f / (1 << 24);
        for (int i = 0; i < dst.Length; i++)
        {
            float x = (mt.Next() & ((1u << 24) - 1)) * divisor;
            dst[i] = MathF.FusedMultiplyAdd(x, range, from);   // libtorch's AVX2 build contracts x·range + from
        }
    }

    /// <summary>The standard 32-bit Mersenne Twister (Matsumoto &amp; Nishimura 1998), init_genrand seeding.</summary>
    private sealed class Mt19937
    {
        private readonly uint[] _mt = new uint[624];
        private int _index;

        public Mt19937(uint seed)
        {
            _mt[0] = seed;
            for (int i = 1; i < 624; i++) _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
            _index = 624;
        }

        public uint Next()
        {
            if (_index >= 624)
            {
                for (int i = 0; i < 624; i++)
                {
                    uint y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % 624] & 0x7fffffffu);
                    _mt[i] = _mt[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
                }
                _index = 0;
            }
            uint z = _mt[_index++];
            z ^= z >> 11;
            z ^= (z << 7) & 0x9d2c5680u;
            z ^= (z << 15) & 0xefc60000u;
            z ^= z >> 18;
            return z;
        }
    }
}
