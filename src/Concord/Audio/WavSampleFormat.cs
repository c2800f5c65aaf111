namespace Concord.Audio;

/// <summary>Sample encodings <see cref="WavWriter"/> can write.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed integer PCM (format tag 1); x is scaled by 32768, rounded and clipped.</summary>
    Pcm16,

    /// <summary>24-bit signed integer PCM (format tag 1); x is scaled by 2²³, rounded and clipped.</summary>
    Pcm24,

    /// <summary>32-bit IEEE float (format tag 3), written unchanged.</summary>
    Float32,
}
