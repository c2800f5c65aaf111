using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// The accumulators of <see cref="LinearCka.FeatureProducts"/> (strips of XᵀY, XᵀX and YᵀY), kept between calls of the
/// same shapes. A bootstrap computes these products once per resample; fresh arrays each time made the kernel fault
/// in tens of megabytes of new pages per resample: the demo took 8.7 million page faults and 71 of its 209 CPU-s in
/// the kernel, and 4.9 million and 43 s with these buffers kept (docs/similarity.md). A buffer is zeroed before each
/// use, so the sums are those of fresh arrays, bit for bit. Not thread-safe: one instance per loop.
/// </summary>
internal sealed class FeatureProductBuffers
{
    /// <summary>The buffer for the strips of XᵀY.</summary>
    public Slot Cross { get; } = new();

    /// <summary>The strip buffer of XᵀX.</summary>
    public Slot SelfX { get; } = new();

    /// <summary>The strip buffer of YᵀY.</summary>
    public Slot SelfY { get; } = new();

    /// <summary>One reusable array, grown when a call needs more.</summary>
    internal sealed class Slot
    {
        private double[]? _array;

        /// <summary>An array of at least <paramref name="length"/> doubles whose first <paramref name="length"/> are zero.</summary>
        public double[] Zeroed(long length)
        {
            if (_array is null || _array.LongLength < length) return _array = LargeArrays.Doubles(length);
            Array.Clear(_array, 0, (int)length);
            return _array;
        }
    }
}
