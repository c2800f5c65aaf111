using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Concord.Numerics;

/// <summary>6 × 8 tile: 12 Vector256 accumulators, 2 loads and 6 broadcasts per step (fits AVX2's 16 registers).</summary>
internal readonly struct MicroKernel6x8 : IMicroKernel
{
    public static int Rows => 6;
    public static int Columns => 8;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(double* a, double* b, int kc, double* c, long ldc)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector256.Load(b + 0); var b1 = Vector256.Load(b + 4);
            var a0 = Vector256.Create(a[0]); c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]); c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]); c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]); c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]); c40 = Vector256.FusedMultiplyAdd(a4, b0, c40); c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]); c50 = Vector256.FusedMultiplyAdd(a5, b0, c50); c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6; b += 8;
        }
        (Vector256.Load(c + 0) + c00).Store(c + 0); (Vector256.Load(c + 4) + c01).Store(c + 4); c += ldc;
        (Vector256.Load(c + 0) + c10).Store(c + 0); (Vector256.Load(c + 4) + c11).Store(c + 4); c += ldc;
        (Vector256.Load(c + 0) + c20).Store(c + 0); (Vector256.Load(c + 4) + c21).Store(c + 4); c += ldc;
        (Vector256.Load(c + 0) + c30).Store(c + 0); (Vector256.Load(c + 4) + c31).Store(c + 4); c += ldc;
        (Vector256.Load(c + 0) + c40).Store(c + 0); (Vector256.Load(c + 4) + c41).Store(c + 4); c += ldc;
        (Vector256.Load(c + 0) + c50).Store(c + 0); (Vector256.Load(c + 4) + c51).Store(c + 4);
    }
}
