namespace Concord.Spectral;

/// <summary>The Hz ↔ mel mapping used to place the mel filter centres.</summary>
public enum MelScale
{
    /// <summary>Slaney (Auditory Toolbox): linear below 1 kHz (mel = 3f/200), logarithmic above with step ln(6.4)/27 (librosa default, <c>htk=False</c>).</summary>
    Slaney,

    /// <summary>HTK: mel = 2595·log10(1 + f/700) (<c>htk=True</c>; torchaudio's default).</summary>
    Htk,
}
