namespace Concord.Numerics;

/// <summary>Which SIMD micro-kernel <see cref="CrossProducts"/> uses. Both give bit-identical results (same summation order).</summary>
public enum CrossProductKernel
{
    /// <summary>Vector512 when the runtime accelerates it (AVX-512), otherwise Vector256.</summary>
    Auto,
    /// <summary>8 × 24 register tile of Vector512 fused multiply-adds (emulated, slowly, where AVX-512 is absent).</summary>
    Vector512,
    /// <summary>6 × 8 register tile of Vector256 fused multiply-adds (fits the 16 registers of AVX2).</summary>
    Vector256,
}
