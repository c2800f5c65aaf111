namespace Concord.Numerics;

/// <summary>
/// A register-tiled update of one <see cref="Rows"/> × <see cref="Columns"/> tile of C from packed panels:
/// <c>c[r·ldc + j] += Σ_{k&lt;kc} a[k·Rows + r] · b[k·Columns + j]</c>. Each entry is one fused multiply-add chain over k,
/// started at zero and then added to C, so every kernel (and any tiling) sums in the same order.
/// </summary>
internal interface IMicroKernel
{
    /// <summary>Tile rows: values of the A panel broadcast per step.</summary>
    static abstract int Rows { get; }
    /// <summary>Tile columns: contiguous B values per step, a whole number of vectors.</summary>
    static abstract int Columns { get; }
    static abstract unsafe void Run(double* a, double* b, int kc, double* c, long ldc);
}
