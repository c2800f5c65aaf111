namespace Concord.Similarity;

/// <summary>
/// The scalar summaries CKA needs: biased HSIC terms (‖XᵀY‖², ‖XᵀX‖², ‖YᵀY‖² of centred X, Y, or the Gram equivalents)
/// and the matching unbiased HSIC terms (up to the common factor 1/(n(n−3)), which cancels). TraceX/Y = tr(XᵀX), tr(YᵀY)
/// (null for non-linear kernels).
/// </summary>
internal readonly record struct CkaTerms(long N, double Xy, double Xx, double Yy, double UXy, double UXx, double UYy, double? TraceX, double? TraceY)
{
    public double Biased => Xy / Math.Sqrt(Xx * Yy);
    public double Debiased => UXx > 0 && UYy > 0 ? UXy / Math.Sqrt(UXx * UYy) : double.NaN;

    /// <summary>(tr XᵀX)² / ‖XᵀX‖²_F.</summary>
    public double? ParticipationX => TraceX is { } t ? t * t / Xx : null;
    public double? ParticipationY => TraceY is { } t ? t * t / Yy : null;

    /// <summary>Kornblith's <c>_debiased_dot_product_similarity_helper</c>.</summary>
    public static double UnbiasedHsic(double dot, double ab, double sa, double sb, long n) =>
        dot - n / (n - 2.0) * ab + sa * sb / ((n - 1.0) * (n - 2.0));

    /// <summary>
    /// Feature-space terms. a_i = ‖x_i‖², b_i = ‖y_i‖² are squared norms of centred rows; the sums passed are Σa_i b_i,
    /// Σa_i², Σb_i², Σa_i, Σb_i.
    /// </summary>
    public static CkaTerms FromFeatureSpace(long n, double xy, double xx, double yy, double ab, double aa, double bb, double sa, double sb) =>
        new(n, xy, xx, yy, UnbiasedHsic(xy, ab, sa, sb, n), UnbiasedHsic(xx, aa, sa, sa, n), UnbiasedHsic(yy, bb, sb, sb, n), sa, sb);

    public static (double AB, double AA, double BB, double SA, double SB) RowTerms(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double ab = 0, aa = 0, bb = 0, sa = 0, sb = 0;
        for (int i = 0; i < a.Length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; sa += a[i]; sb += b[i]; }
        return (ab, aa, bb, sa, sb);
    }
}
