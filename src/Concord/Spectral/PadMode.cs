namespace Concord.Spectral;

/// <summary>How a centred STFT pads the signal by <c>FftSize / 2</c> samples on each side.</summary>
public enum PadMode
{
    /// <summary>Zeros (librosa ≥ 0.10 default, <c>np.pad(mode='constant')</c>).</summary>
    Constant,

    /// <summary>Mirror without repeating the edge sample (numpy <c>'reflect'</c>; librosa ≤ 0.9 default, what the paper used).</summary>
    Reflect,
}
