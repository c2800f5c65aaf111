namespace Concord.Audio;

/// <summary>
/// Cuts a recording into non-overlapping fixed-length clips: clip i covers samples [i·L, (i+1)·L), L = round(seconds·rate).
/// A final piece shorter than L is dropped or zero-padded (<see cref="PartialClipPolicy"/>).
/// </summary>
public static class ClipSlicer
{
    /// <summary>The paper's clip length.</summary>
    public const double DefaultClipSeconds = 4.0;

    /// <summary>Clip length in samples: round(<paramref name="clipSeconds"/> · <paramref name="sampleRateHz"/>).</summary>
    public static int ClipLength(double clipSeconds, int sampleRateHz)
    {
        if (!(clipSeconds > 0) || !double.IsFinite(clipSeconds)) throw new ArgumentOutOfRangeException(nameof(clipSeconds), "clip length must be > 0 s");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        long n = (long)Math.Round(clipSeconds * sampleRateHz, MidpointRounding.AwayFromZero);
        if (n < 1 || n > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(clipSeconds), $"clip length {clipSeconds} s is not representable at {sampleRateHz} Hz");
        return (int)n;
    }

    /// <summary>How many clips <see cref="Slice(ReadOnlySpan{float}, int, PartialClipPolicy)"/> returns for <paramref name="sampleCount"/> samples.</summary>
    public static int ClipCount(long sampleCount, int clipLength, PartialClipPolicy partial = PartialClipPolicy.Drop)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clipLength);
        long full = sampleCount / clipLength;
        bool rest = sampleCount % clipLength != 0;
        return checked((int)(full + (rest && partial == PartialClipPolicy.ZeroPad ? 1 : 0)));
    }

    /// <summary>Non-overlapping clips of <paramref name="clipLength"/> samples, in order.</summary>
    public static float[][] Slice(ReadOnlySpan<float> samples, int clipLength, PartialClipPolicy partial = PartialClipPolicy.Drop)
    {
        if (!Enum.IsDefined(partial)) throw new ArgumentOutOfRangeException(nameof(partial));
        int count = ClipCount(samples.Length, clipLength, partial);
        var clips = new float[count][];
        for (int i = 0; i < count; i++)
        {
            var clip = new float[clipLength];
            int start = i * clipLength;
            int n = Math.Min(clipLength, samples.Length - start);
            samples.Slice(start, n).CopyTo(clip);
            clips[i] = clip;
        }
        return clips;
    }

    /// <summary>Clips of <paramref name="clipSeconds"/> seconds of <paramref name="recording"/>, keeping its rate and channel count.</summary>
    public static AudioClip[] Slice(AudioClip recording, double clipSeconds = DefaultClipSeconds, PartialClipPolicy partial = PartialClipPolicy.Drop)
    {
        ArgumentNullException.ThrowIfNull(recording);
        int length = ClipLength(clipSeconds, recording.SampleRateHz);
        return [.. Slice(recording.Samples, length, partial).Select(s => new AudioClip(s, recording.SampleRateHz, recording.SourceChannels))];
    }

    /// <summary>
    /// Checks that a clip read from <paramref name="path"/> has at least the expected length and returns exactly that many samples
    /// (a longer clip is truncated, as fixed-size spectrograms require).
    /// </summary>
    /// <exception cref="ConcordException">The clip is shorter than <paramref name="clipSeconds"/>.</exception>
    public static float[] RequireFullClip(AudioClip clip, string path, double clipSeconds = DefaultClipSeconds)
    {
        ArgumentNullException.ThrowIfNull(clip);
        int length = ClipLength(clipSeconds, clip.SampleRateHz);
        if (clip.Samples.Length < length)
            throw ConcordException.InFile(path, FormattableString.Invariant(
                $"clip is {clip.Samples.Length} samples ({clip.DurationSeconds:0.###} s at {clip.SampleRateHz} Hz), shorter than the expected {clipSeconds:0.###} s ({length} samples)"));
        return clip.Samples.Length == length ? clip.Samples : clip.Samples[..length];
    }
}
