using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Concord.Numerics;

/// <summary>8 × 24 tile: 24 Vector512 accumulators, 3 loads and 8 broadcasts per step (AVX-512 has 32 registers).</summary>
internal readonly struct MicroKernel8x24 : IMicroKernel
{
    public static int Rows => 8;
    public static int Columns => 24;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(double* a, double* b, int kc, double* c, long ldc)
    {
        Vector512<double> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector512<double> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        Vector512<double> c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default;
        Vector512<double> c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector512.Load(b + 0); var b1 = Vector512.Load(b + 8); var b2 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01); c02 = Vector512.FusedMultiplyAdd(a0, b2, c02);
            var a1 = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11); c12 = Vector512.FusedMultiplyAdd(a1, b2, c12);
            var a2 = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21); c22 = Vector512.FusedMultiplyAdd(a2, b2, c22);
            var a3 = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31); c32 = Vector512.FusedMultiplyAdd(a3, b2, c32);
            var a4 = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41); c42 = Vector512.FusedMultiplyAdd(a4, b2, c42);
            var a5 = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51); c52 = Vector512.FusedMultiplyAdd(a5, b2, c52);
            var a6 = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(a6, b0, c60); c61 = Vector512.FusedMultiplyAdd(a6, b1, c61); c62 = Vector512.FusedMultiplyAdd(a6, b2, c62);
            var a7 = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(a7, b0, c70); c71 = Vector512.FusedMultiplyAdd(a7, b1, c71); c72 = Vector512.FusedMultiplyAdd(a7, b2, c72);
            a += 8; b += 24;
        }
        (Vector512.Load(c + 0) + c00).Store(c + 0); (Vector512.Load(c + 8) + c01).Store(c + 8); (Vector512.Load(c + 16) + c02).Store(c + 16); c += ldc;
        (Vector512.Load(c + 0) + c10).Store(c + 0); (Vector512.Load(c + 8) + c11).Store(c + 8); (Vector512.Load(c + 16) + c12).Store(c + 16); c += ldc;
        (Vector512.Load(c + 0) + c20).Store(c + 0); (Vector512.Load(c + 8) + c21).Store(c + 8); (Vector512.Load(c + 16) + c22).Store(c + 16); c += ldc;
        (Vector512.Load(c + 0) + c30).Store(c + 0); (Vector512.Load(c + 8) + c31).Store(c + 8); (Vector512.Load(c + 16) + c32).Store(c + 16); c += ldc;
        (Vector512.Load(c + 0) + c40).Store(c + 0); (Vector512.Load(c + 8) + c41).Store(c + 8); (Vector512.Load(c + 16) + c42).Store(c + 16); c += ldc;
        (Vector512.Load(c + 0) + c50).Store(c + 0); (Vector512.Load(c + 8) + c51).Store(c + 8); (Vector512.Load(c + 16) + c52).Store(c + 16); c += ldc;
        (Vector512.Load(c + 0) + c60).Store(c + 0); (Vector512.Load(c + 8) + c61).Store(c + 8); (Vector512.Load(c + 16) + c62).Store(c + 16); c += ldc;
        (Vector512.Load(c + 0) + c70).Store(c + 0); (Vector512.Load(c + 8) + c71).Store(c + 8); (Vector512.Load(c + 16) + c72).Store(c + 16);
    }
}
