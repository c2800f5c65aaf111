using Concord.Spectral;

namespace Concord.Features;

/// <summary>
/// Everything the features of one clip are computed from, computed once and shared by all features: the dB mel
/// spectrogram and, for clips that come from audio, the raw samples and the STFT power spectrogram.
/// Build it with <see cref="FromMel"/> or <see cref="FromAudio"/>.
/// </summary>
public sealed class FeatureInput
{
    /// <summary>dB mel spectrogram [mels, frames] (librosa power_to_db(ref=max, top_db=80) of the mel power).</summary>
    public Spectrogram MelDecibels { get; }

    /// <summary>The clip's real sample rate in Hz; null for a bare mel spectrogram.</summary>
    public int? SampleRateHz { get; }

    /// <summary>Mono samples in [−1, 1]; null for a bare mel spectrogram.</summary>
    public float[]? Samples { get; }

    /// <summary>Power spectrogram |STFT|² [1 + n_fft/2, frames], centred with <see cref="FeatureOptions.PadMode"/>; null for a bare mel spectrogram.</summary>
    public Spectrogram? StftPower { get; }

    private FeatureInput(Spectrogram mel, int? sr, float[]? samples, Spectrogram? stft)
    {
        MelDecibels = mel; SampleRateHz = sr; Samples = samples; StftPower = stft;
    }

    /// <summary>A clip known only by its dB mel spectrogram: only <see cref="FeatureSource.MelDecibels"/> features can be computed.</summary>
    public static FeatureInput FromMel(Spectrogram melDecibels)
    {
        ArgumentNullException.ThrowIfNull(melDecibels);
        return new FeatureInput(melDecibels, null, null, null);
    }

    /// <summary>A clip from audio: samples, their STFT power and dB mel spectrogram (frames must agree).</summary>
    public static FeatureInput FromAudio(float[] samples, int sampleRateHz, Spectrogram stftPower, Spectrogram melDecibels)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(stftPower);
        ArgumentNullException.ThrowIfNull(melDecibels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        if (stftPower.Frames != melDecibels.Frames)
            throw new ArgumentException($"STFT has {stftPower.Frames} frames, mel spectrogram {melDecibels.Frames}");
        return new FeatureInput(melDecibels, sampleRateHz, samples, stftPower);
    }
}
