namespace Concord.Audio;

/// <summary>
/// What a file holds, read without decoding it (WAV header, Ogg granule positions; MP3 is decoded to count):
/// its sample rate, channel count and length in sample frames (samples per channel).
/// </summary>
public sealed record AudioInfo(int SampleRateHz, int Channels, long SampleCount)
{
    /// <summary>Length in seconds.</summary>
    public double DurationSeconds => (double)SampleCount / SampleRateHz;

    /// <summary>
    /// The number of samples <see cref="AudioFile.Load"/> returns when resampling to <paramref name="targetSampleRateHz"/>:
    /// ⌈SampleCount·target/rate⌉ (<see cref="Resampler.OutputLength(long, int, int)"/>), or SampleCount at the file's own rate.
    /// </summary>
    public long SampleCountAt(int targetSampleRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSampleRateHz);
        return targetSampleRateHz == SampleRateHz ? SampleCount : Resampler.OutputLength(SampleCount, SampleRateHz, targetSampleRateHz);
    }
}
