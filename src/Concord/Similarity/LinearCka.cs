using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// Linear centred kernel alignment (Kornblith et al. 2019, "Similarity of Neural Network Representations Revisited"):
/// <c>CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F)</c> for column-centred X (n × p_x) and Y (n × p_y), rows = examples.
/// Every result carries the debiased value (unbiased HSIC, Song et al. 2012) beside the biased one. Constant columns are
/// dropped (they are zero after centring and change nothing); all arithmetic is in double.
/// </summary>
public static class LinearCka
{
    /// <summary>Linear CKA of two in-memory representations.</summary>
    /// <exception cref="ConcordException">Row counts differ, a value is not finite, a side is constant, or n &lt; 4.</exception>
    public static CkaResult Compute(Representation x, Representation y, SimilarityOptions? options = null)
    {
        options ??= new SimilarityOptions();
        options.ThrowIfInvalid();
        var cx = CentredMatrix.Create(x, threads: options.Threads); var cy = CentredMatrix.Create(y, threads: options.Threads);
        return Compute(cx, cy, options);
    }

    internal static CkaResult Compute(CentredMatrix cx, CentredMatrix cy, SimilarityOptions options) => ComputeWithTerms(cx, cy, options).Result;

    /// <summary>The result and the HSIC terms behind it (the permutation test reuses the denominators).</summary>
    internal static (CkaResult Result, CkaTerms Terms) ComputeWithTerms(CentredMatrix cx, CentredMatrix cy, SimilarityOptions options)
    {
        Require(cx, cy);
        var form = ChooseForm(options.CkaForm, cx.Rows, cx.Columns, cy.Columns, options.MaxCrossProductBytes);
        var terms = form == LinearCkaForm.Gram ? GramTerms(cx, cy, options.Threads) : FeatureTerms(cx, cy, options);
        return (new CkaResult(terms.Biased, terms.Debiased, form, "linear", Dimensions(cx, cy, terms)), terms);
    }

    internal static void Require(CentredMatrix cx, CentredMatrix cy)
    {
        CentredMatrix.RequireSameRows(cx, cy);
        cx.RequireVariance("CKA"); cy.RequireVariance("CKA");
        RequireDebiasable(cx.Rows, cx.Name);
    }

    internal static void RequireDebiasable(long n, string name)
    {
        if (n < 4) throw new ConcordException($"{name}: debiased CKA needs at least 4 examples (it divides by n(n−3)); got n = {n}");
    }

    internal static SimilarityDimensions Dimensions(CentredMatrix cx, CentredMatrix cy, CkaTerms? terms, int? rx = null, int? ry = null) =>
        new(cx.Rows, cx.Columns, cy.Columns, cx.Dropped, cy.Dropped, rx, ry, terms?.ParticipationX, terms?.ParticipationY,
            $"float64 accumulation; inputs {cx.Precision}, {cy.Precision}");

    /// <summary>The cheaper form for Auto; Gram only when both n × n matrices fit the byte budget.</summary>
    public static LinearCkaForm ChooseForm(LinearCkaForm requested, long n, long px, long py, long maxBytes)
    {
        if (requested != LinearCkaForm.Auto) return requested;
        double feature = n * (px * (double)px + py * (double)py) / 2 + n * (double)px * py;
        double gram = n * (double)n * (px + py) / 2 + 2.0 * n * n;
        return gram < feature && 2.0 * n * n * 8 <= maxBytes ? LinearCkaForm.Gram : LinearCkaForm.FeatureSpace;
    }

    internal static CkaTerms FeatureTerms(CentredMatrix cx, CentredMatrix cy, SimilarityOptions options)
    {
        int n = cx.Rows;
        double xy = CrossFrobenius(cx.View, cy.View, options);
        double xx = SelfFrobenius(cx, options), yy = SelfFrobenius(cy, options);
        var (ab, aa, bb, sa, sb) = CkaTerms.RowTerms(cx.RowSquaredNorms(), cy.RowSquaredNorms());
        return CkaTerms.FromFeatureSpace(n, xy, xx, yy, ab, aa, bb, sa, sb);
    }

    /// <summary>
    /// ‖XᵀY‖²_F, ‖XᵀX‖²_F and ‖YᵀY‖²_F of column-major X (rows × px, the first rows·px values of x) and Y. XᵀY is formed
    /// in strips of X's columns that fit <see cref="SimilarityOptions.MaxCrossProductBytes"/> (one strip, the whole
    /// px × py matrix, when it fits), so two wide representations never need a px × py accumulator beyond the budget.
    /// Calls of the same shapes in a loop (a bootstrap's resamples) pass <see cref="FeatureProductBuffers"/>, so each call
    /// does not fault tens of megabytes of fresh pages in; without them the accumulators are allocated for the call.
    /// </summary>
    internal static (double Xy, double Xx, double Yy) FeatureProducts(double[] x, int px, double[] y, int py, int rows, SimilarityOptions options,
        FeatureProductBuffers? buffers = null) =>
        (CrossFrobenius(MatrixView.ColumnMajor(x, 0, rows, px), MatrixView.ColumnMajor(y, 0, rows, py), options, buffers?.Cross),
         SymmetricFrobenius.Compute(MatrixView.ColumnMajor(x, 0, rows, px), options.MaxCrossProductBytes, options.Threads, buffers?.SelfX),
         SymmetricFrobenius.Compute(MatrixView.ColumnMajor(y, 0, rows, py), options.MaxCrossProductBytes, options.Threads, buffers?.SelfY));

    /// <summary>‖XᵀX‖²_F of a centred matrix, remembered by it (per cross-product budget, which sets the strips).</summary>
    private static double SelfFrobenius(CentredMatrix m, SimilarityOptions options) =>
        m.Remember(("‖XᵀX‖²", options.MaxCrossProductBytes), () =>
            SymmetricFrobenius.Compute(m.View, options.MaxCrossProductBytes, options.Threads));

    /// <summary>‖XᵀY‖²_F, XᵀY formed in strips of X's columns within the budget.</summary>
    private static double CrossFrobenius(MatrixView x, MatrixView y, SimilarityOptions options, FeatureProductBuffers.Slot? reuse = null)
    {
        int px = x.Columns, py = y.Columns;
        int strip = StripColumns(px, py, options.MaxCrossProductBytes);
        long length = (long)strip * py;
        var c = reuse?.Zeroed(length) ?? LargeArrays.Doubles(length);
        double xy = 0;
        for (int first = 0; first < px; first += strip)
        {
            int columns = Math.Min(strip, px - first);
            if (first > 0) Array.Clear(c, 0, (int)length);
            var block = c.AsSpan(0, columns * py);
            CrossProducts.Accumulate(x.SliceColumns(first, columns), y, c, 0, py, options.Threads);
            xy += CrossProducts.Dot(block, block);
        }
        return xy;
    }

    /// <summary>Columns of X per strip of XᵀY: as many as fit <paramref name="maxBytes"/> (at least one), at most px.</summary>
    internal static int StripColumns(int px, int py, long maxBytes) =>
        (int)Math.Clamp(Math.Min(maxBytes / 8, Array.MaxLength) / Math.Max(1, py), 1, Math.Max(1, px));

    internal static CkaTerms GramTerms(CentredMatrix cx, CentredMatrix cy, int threads)
    {
        return GramCka.Terms(SharedGram(cx, threads), SharedGram(cy, threads), cx.Rows, linear: true);
    }

    /// <summary>K = X Xᵀ remembered by the matrix (<see cref="CentredMatrix.Remember"/>): read it, never write to it.</summary>
    internal static double[] SharedGram(CentredMatrix m, int threads) => m.Remember("X Xᵀ", () => LinearGram(m, threads));

    /// <summary>K = X Xᵀ of the (centred) rows, n × n: Xᵀ is the column-major data read row-major (p × n).</summary>
    internal static double[] LinearGram(CentredMatrix m, int threads)
    {
        var xt = MatrixView.RowMajor(m.Data, 0, m.Columns, m.Rows);
        var k = LargeArrays.Doubles((long)m.Rows * m.Rows);
        CrossProducts.Accumulate(xt, xt, k, 0, m.Rows, threads);
        return k;
    }
}
