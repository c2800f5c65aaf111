using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Concord.Numerics;

/// <summary>
/// Dense cross products in double precision: <c>C += AᵀB</c>, i.e. <c>C[i, j] += Σ_k A[k, i] · B[k, j]</c>. With A and B
/// blocks of examples × features this is the cross-product update <c>C += X_blockᵀ Y_block</c>; with A = Xᵀ it is the
/// Gram product <c>X Xᵀ</c>. Products are formed from the double values given (float32 data widened to double multiply
/// exactly) and every sum is a chain of double fused multiply-adds.
/// <para>
/// GEMM-style: for each k-block of <see cref="BlockK"/> rows, a block of B (up to 240 columns) and a block of A (up to
/// 480 columns) are packed into contiguous panels (<see cref="PanelPacker"/>), and a register-tiled micro-kernel updates
/// one tile of C per call: 8 × 24 with Vector512 (AVX-512) or 6 × 8 with Vector256, chosen at run time
/// (<see cref="CrossProductKernel"/>). Each entry of C receives one zero-started chain per k-block, in k order, so the
/// result does not depend on the kernel, the tiling or the thread count (only on the shapes: a small C summed over a
/// long k is summed in fixed k-slices that are then added in order). Tiles of C and k-slices are handed to
/// <c>threads</c> workers as they become free.
/// </para>
/// </summary>
public static class CrossProducts
{
    /// <summary>Length of the k-blocks (rows of A and B) each micro-kernel call sums.</summary>
    public const int BlockK = 256;
    /// <summary>Columns of B packed together (240 × 256 doubles, about half of L2) and the most rows of A per work item.</summary>
    private const int BlockColumns = 240, MaxItemRows = 480;
    /// <summary>k-slice length when a small C is summed over a long k (see <see cref="Job{TKernel}"/>).</summary>
    private const int SliceK = 16 * BlockK;
    /// <summary>Largest total size (elements) of the per-slice copies of C.</summary>
    private const long MaxSlicedC = 1 << 23;
    private const double ParallelWork = 4e6;

    /// <summary>The kernel <see cref="CrossProductKernel.Auto"/> resolves to on this machine.</summary>
    public static CrossProductKernel Resolve(CrossProductKernel kernel) =>
        kernel != CrossProductKernel.Auto ? kernel : Vector512.IsHardwareAccelerated ? CrossProductKernel.Vector512 : CrossProductKernel.Vector256;

    /// <summary>
    /// <c>c[cOffset + i·ldc + j] += Σ_k a[k, i] · b[k, j]</c> for i &lt; a.Columns, j &lt; b.Columns, k &lt; a.Rows = b.Rows
    /// (C += AᵀB, C row-major with leading dimension <paramref name="ldc"/>). When <paramref name="upperOnly"/> is set (A and
    /// B the same columns), only entries with j ≥ i are guaranteed; tiles wholly below the diagonal are skipped.
    /// </summary>
    public static void Accumulate(MatrixView a, MatrixView b, double[] c, long cOffset, int ldc, int threads, bool upperOnly = false,
        CrossProductKernel kernel = CrossProductKernel.Auto)
    {
        a.Validate(nameof(a)); b.Validate(nameof(b));
        ArgumentNullException.ThrowIfNull(c);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (a.Rows != b.Rows) throw new ArgumentException($"A has {a.Rows} rows but B has {b.Rows}");
        int m = a.Columns, n = b.Columns;
        if (m == 0 || n == 0 || a.Rows == 0) return;
        if (ldc < n || cOffset < 0 || cOffset + (long)(m - 1) * ldc + n > c.LongLength) throw new ArgumentException("accumulator too small");
        if (Resolve(kernel) == CrossProductKernel.Vector512) new Job<MicroKernel8x24>(a, b, c, cOffset, ldc, upperOnly, threads).Run();
        else new Job<MicroKernel6x8>(a, b, c, cOffset, ldc, upperOnly, threads).Run();
    }

    /// <summary>
    /// <c>c[cOffset + i·ldc + j] += Σ_{k&lt;length} a[aOffset + i·length + k] · b[bOffset + j·length + k]</c> for i &lt; aCount,
    /// j &lt; bCount: <c>a</c> holds aCount vectors of <c>length</c> values back to back, <c>b</c> holds bCount (the column-major
    /// case of <see cref="Accumulate"/>). With <c>upperOnly</c> (a and b the same vectors) only entries with j ≥ i are guaranteed.
    /// </summary>
    public static void AccumulateDots(double[] a, long aOffset, int aCount, double[] b, long bOffset, int bCount, int length,
        double[] c, long cOffset, int ldc, int threads, bool upperOnly = false, CrossProductKernel kernel = CrossProductKernel.Auto) =>
        Accumulate(MatrixView.ColumnMajor(a, aOffset, length, aCount), MatrixView.ColumnMajor(b, bOffset, length, bCount),
            c, cOffset, ldc, threads, upperOnly, kernel);

    /// <summary><c>Σ_k a[k]·b[k]</c> in double with Vector256 accumulation.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("lengths differ");
        var acc = Vector256<double>.Zero;
        int k = 0;
        for (; k <= a.Length - 4; k += 4) acc = Vector256.FusedMultiplyAdd(Vector256.Create(a.Slice(k, 4)), Vector256.Create(b.Slice(k, 4)), acc);
        double s = Vector256.Sum(acc);
        for (; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    /// <summary><c>y[k] −= alpha · x[k]</c>, Vector256.</summary>
    public static void SubtractScaled(Span<double> y, ReadOnlySpan<double> x, double alpha)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ");
        var va = Vector256.Create(alpha);
        int k = 0;
        for (; k <= y.Length - 4; k += 4)
            Vector256.FusedMultiplyAdd(-va, Vector256.Create(x.Slice(k, 4)), Vector256.Create((ReadOnlySpan<double>)y.Slice(k, 4))).CopyTo(y.Slice(k, 4));
        for (; k < y.Length; k++) y[k] -= alpha * x[k];
    }

    /// <summary>
    /// How a sum over <paramref name="length"/> rows into a C of <paramref name="cSize"/> entries is cut into k-slices:
    /// slices of <see cref="SliceK"/> rows (a whole number of k-blocks, longer when the copies of C would exceed
    /// <see cref="MaxSlicedC"/>) when k spans at least two of them and C is small; otherwise one slice of everything.
    /// </summary>
    internal static (int Slices, int SliceLength) KSlices(int length, long cSize)
    {
        if (length < 2 * SliceK || cSize > MaxSlicedC / 2) return (1, length);
        int slices = (int)Math.Min((length + SliceK - 1) / SliceK, MaxSlicedC / cSize);
        int sliceLength = ((length + slices - 1) / slices + BlockK - 1) / BlockK * BlockK;
        return ((length + sliceLength - 1) / sliceLength, sliceLength);
    }

    /// <summary>
    /// One C += AᵀB. Work items are tiles of C, and for small C and long k also k-slices (<see cref="KSlices"/>): slice s
    /// sums its rows into its own zeroed copy of C, and the copies are added to C in slice order afterwards. The slicing
    /// depends only on the shapes, so results never depend on the thread count.
    /// </summary>
    private sealed class Job<TKernel> where TKernel : struct, IMicroKernel
    {
        private readonly record struct Item(int I0, int I1, int J0, int J1, int Slice);

        private readonly MatrixView _a, _b;
        private readonly double[] _c;
        private readonly long _cOffset;
        private readonly int _ldc, _threads, _itemRows, _slices, _sliceLength;
        private readonly bool _upper;
        private readonly List<Item> _items = [];
        private double[]? _partials;
        private int _next = -1;

        public Job(MatrixView a, MatrixView b, double[] c, long cOffset, int ldc, bool upper, int threads)
        {
            (_a, _b, _c, _cOffset, _ldc, _upper) = (a, b, c, cOffset, ldc, upper);
            int m = a.Columns, n = b.Columns, length = a.Rows, mr = TKernel.Rows;
            bool parallel = threads > 1 && (double)m * n * length >= ParallelWork;
            _threads = parallel ? threads : 1;
            long cSize = (long)m * n;
            (_slices, _sliceLength) = KSlices(length, cSize);
            // Work items are tiles of C. Each packs its rows of A once per k-block and every block of B once, so a split
            // into r row bands and c column ranges reads B r times and A c times: take the cheapest split that gives about
            // four items per worker.
            int wanted = _threads == 1 ? 1 : Math.Max(1, 4 * _threads / _slices);
            int minRows = Math.Min(RoundUp(m, mr), 8 * mr), maxColBlocks = (n + BlockColumns - 1) / BlockColumns;
            (_itemRows, int itemColumns, int bestItems, double bestCost) = (0, 0, 0, 0);
            for (int rows = Math.Min(RoundUp(m, mr), MaxItemRows); ; rows = Math.Max(minRows, RoundUp(rows / 2, mr)))
            {
                int rowBlocks = (m + rows - 1) / rows;
                int colBlocks = Math.Clamp((wanted + rowBlocks - 1) / rowBlocks, 1, maxColBlocks);
                int items = Math.Min(wanted, rowBlocks * colBlocks);
                double cost = (double)rowBlocks * n + (double)colBlocks * m;
                if (items > bestItems || (items == bestItems && cost < bestCost))
                    (_itemRows, itemColumns, bestItems, bestCost) = (rows, RoundUp((n + colBlocks - 1) / colBlocks, BlockColumns), items, cost);
                if (rows == minRows) break;
            }
            for (int s = 0; s < _slices; s++)
                for (int i0 = 0; i0 < m; i0 += _itemRows)
                    for (int j0 = 0; j0 < n; j0 += itemColumns)
                    {
                        int i1 = Math.Min(m, i0 + _itemRows), j1 = Math.Min(n, j0 + itemColumns);
                        if (!upper || j1 - 1 >= i0) _items.Add(new Item(i0, i1, j0, j1, s));
                    }
        }

        private static int RoundUp(int v, int multiple) => (v + multiple - 1) / multiple * multiple;

        public void Run()
        {
            int m = _a.Columns, n = _b.Columns;
            long cSize = (long)m * n;
            if (_slices > 1) { _partials = ArrayPool<double>.Shared.Rent((int)(cSize * _slices)); Array.Clear(_partials, 0, (int)(cSize * _slices)); }
            try
            {
                int workers = Math.Min(_threads, _items.Count);
                if (workers <= 1) Work();
                else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
                if (_partials is null) return;
                for (int s = 0; s < _slices; s++)
                    for (int i = 0; i < m; i++)
                    {
                        var part = _partials.AsSpan((int)(s * cSize + (long)i * n), n);
                        var row = _c.AsSpan((int)(_cOffset + (long)i * _ldc), n);
                        for (int j = 0; j < n; j++) row[j] += part[j];
                    }
            }
            finally
            {
                if (_partials is not null) ArrayPool<double>.Shared.Return(_partials);
            }
        }

        private unsafe void Work()
        {
            int mr = TKernel.Rows, nr = TKernel.Columns;
            // Packed A block, packed B block and one edge tile, 64-byte aligned inside a pooled array.
            int aLen = RoundUp(_itemRows, mr) * BlockK, bLen = RoundUp(BlockColumns, nr) * BlockK, tLen = mr * nr;
            var pool = ArrayPool<double>.Shared;
            var buffer = pool.Rent(aLen + bLen + tLen + 8);
            try
            {
                fixed (double* pa = _a.Data, pb = _b.Data, pc = _c, pp = _partials, raw = buffer)
                {
                    double* ap = (double*)(((nint)raw + 63) & ~(nint)63), bp = ap + aLen, tile = bp + bLen;
                    int index;
                    while ((index = Interlocked.Increment(ref _next)) < _items.Count)
                    {
                        var item = _items[index];
                        if (pp == null) RunItem(item, 0, _a.Rows, pa, pb, pc + _cOffset, _ldc, ap, bp, tile);
                        else
                        {
                            long k0 = (long)item.Slice * _sliceLength;
                            RunItem(item, (int)k0, (int)Math.Min(_a.Rows, k0 + _sliceLength), pa, pb,
                                pp + (long)item.Slice * _a.Columns * _b.Columns, _b.Columns, ap, bp, tile);
                        }
                    }
                }
            }
            finally
            {
                pool.Return(buffer);
            }
        }

        /// <summary>
        /// The item's tile of C (leading dimension ldc) += the sums over rows [kStart, kEnd), one k-block at a time: A's rows
        /// of the tile are packed once per k-block, then B in blocks of <see cref="BlockColumns"/>, each swept by every
        /// 8-row (or 6-row) A panel.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private unsafe void RunItem(Item t, int kStart, int kEnd, double* pa, double* pb, double* c, int ldc, double* ap, double* bp, double* tile)
        {
            int mr = TKernel.Rows, nr = TKernel.Columns;
            int iEnd = _upper ? Math.Min(t.I1, t.J1) : t.I1;   // rows from the last column on lie wholly below the diagonal
            for (int k0 = kStart; k0 < kEnd; k0 += BlockK)
            {
                int kc = Math.Min(BlockK, kEnd - k0);
                PanelPacker.Pack(_a, pa, t.I0, iEnd - t.I0, k0, kc, mr, ap);
                for (int j0 = t.J0; j0 < t.J1; j0 += BlockColumns)
                {
                    int j1 = Math.Min(t.J1, j0 + BlockColumns);
                    if (_upper && j1 - 1 < t.I0) continue;
                    PanelPacker.Pack(_b, pb, j0, j1 - j0, k0, kc, nr, bp);
                    for (int i = t.I0; i < iEnd && !(_upper && j1 - 1 < i); i += mr)
                    {
                        int rows = Math.Min(mr, iEnd - i);
                        double* apanel = ap + (long)(i - t.I0) * kc;
                        for (int j = j0; j < j1; j += nr)
                        {
                            int cols = Math.Min(nr, j1 - j);
                            if (_upper && j + cols - 1 < i) continue;
                            double* bpanel = bp + (long)(j - j0) * kc;
                            double* ci = c + (long)i * ldc + j;
                            if (rows == mr && cols == nr)
                            {
                                // C may be far out of cache: fetch the tile while the k loop runs.
                                if (Sse.IsSupported)
                                    for (int r = 0; r < mr; r++)
                                        for (int q = 0; q < nr; q += 8) Sse.Prefetch0(ci + (long)r * ldc + q);
                                TKernel.Run(apanel, bpanel, kc, ci, ldc);
                            }
                            else
                            {
                                new Span<double>(tile, mr * nr).Clear();
                                TKernel.Run(apanel, bpanel, kc, tile, nr);
                                for (int r = 0; r < rows; r++)
                                    for (int q = 0; q < cols; q++) ci[(long)r * ldc + q] += tile[r * nr + q];
                            }
                        }
                    }
                }
            }
        }
    }
}
