namespace Concord.Spectral;

/// <summary>
/// Everything one STFT of a clip yields: the linear power spectrogram <c>[1 + N/2, frames]</c> (for librosa spectral
/// features), the mel power <c>[mels, frames]</c> and its dB version (<see cref="Decibels"/>, ref = max per clip).
/// </summary>
public sealed record MelAnalysis(Spectrogram StftPower, Spectrogram MelPower, Spectrogram MelDecibels);
