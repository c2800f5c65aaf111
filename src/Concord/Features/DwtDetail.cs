namespace Concord.Features;

/// <summary>Which detail coefficients of a single-level 2-D DWT (pywt <c>dwt2</c>) a feature keeps.</summary>
public enum DwtDetail
{
    /// <summary><c>cH</c>: detail (high-pass) along the mel axis, approximation along time (pywt <c>dwtn</c> key 'da').</summary>
    Horizontal,
    /// <summary><c>cV</c>: approximation along the mel axis, detail along time (pywt <c>dwtn</c> key 'ad').</summary>
    Vertical,
}
