namespace Concord.Spectral;

/// <summary>Normalisation of each triangular mel filter.</summary>
public enum MelNorm
{
    /// <summary>Slaney area normalisation: filter i is scaled by 2 / (f[i+2] − f[i]) so each has roughly constant energy (librosa default).</summary>
    Slaney,

    /// <summary>No normalisation: every triangle peaks at 1.</summary>
    None,
}
