namespace Concord.Features;

/// <summary>The four librosa spectral features of one clip, one value per STFT frame.</summary>
/// <param name="Centroid">Hz, Σ_k f_k·S[k,t] / Σ_k S[k,t] with S = |X|.</param>
/// <param name="Bandwidth">Hz, (Σ_k Ŝ[k,t]·(f_k − centroid_t)²)^½ with Ŝ = S / Σ_k S.</param>
/// <param name="Flatness">Unitless in (0, 1], exp(mean_k ln P̃) / mean_k P̃ with P̃ = max(amin, S^power).</param>
/// <param name="Rolloff">Hz, the smallest f_k whose cumulative magnitude Σ_{j≤k} S[j,t] ≥ roll_percent · Σ_j S[j,t].</param>
public sealed record SpectralFrameFeatures(double[] Centroid, double[] Bandwidth, double[] Flatness, double[] Rolloff);
