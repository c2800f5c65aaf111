namespace Concord.Spectral;

/// <summary>
/// A real-valued time–frequency matrix in librosa's order, <c>[Bins, Frames]</c>, stored row-major
/// (<c>Values[bin * Frames + frame]</c>), so reference arrays compare without transposing.
/// What a bin means (FFT bin, mel band) and the unit (power, magnitude, dB) are stated by whoever produces it.
/// </summary>
public sealed class Spectrogram
{
    public int Bins { get; }
    public int Frames { get; }
    public float[] Values { get; }

    public Spectrogram(int bins, int frames, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        if (values.Length != (long)bins * frames)
            throw new ArgumentException($"values has {values.Length} elements, expected {bins}×{frames}", nameof(values));
        Bins = bins; Frames = frames; Values = values;
    }

    public Spectrogram(int bins, int frames) : this(bins, frames, new float[bins * frames]) { }

    public float this[int bin, int frame]
    {
        get => Values[bin * Frames + frame];
        set => Values[bin * Frames + frame] = value;
    }

    /// <summary>The row of one bin over time.</summary>
    public Span<float> Row(int bin) => Values.AsSpan(bin * Frames, Frames);
}
