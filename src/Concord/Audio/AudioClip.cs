namespace Concord.Audio;

/// <summary>
/// Decoded mono audio: <paramref name="Samples"/> in [−1, 1] at <paramref name="SampleRateHz"/>.
/// <paramref name="SourceChannels"/> is the channel count of the file before averaging to mono.
/// </summary>
public sealed record AudioClip(float[] Samples, int SampleRateHz, int SourceChannels)
{
    /// <summary>The file's own sample rate before any resampling (0 when the clip did not come from a file).</summary>
    public int SourceSampleRateHz { get; init; }

    /// <summary>Length in seconds.</summary>
    public double DurationSeconds => (double)Samples.Length / SampleRateHz;
}
