namespace Concord.Features;

/// <summary>Filter banks available for the 2-D DWT features (pywt names in the docs).</summary>
public enum DwtWavelet
{
    /// <summary>Daubechies 10 (pywt <c>'db10'</c>), 20 taps.</summary>
    Db10,
    /// <summary>Biorthogonal 1.3 (pywt <c>'bior1.3'</c>), 6 taps.</summary>
    Bior13,
}
