using Concord.Spectral;

namespace Concord.Features;

/// <summary>
/// How the hand-crafted features are computed. Defaults are the <see cref="FeatureProfile.Corrected"/> profile; each of the
/// paper's quirks is its own option, so one can be flipped at a time (docs/features.md, METHOD.md §4 and §10):
/// <list type="bullet">
/// <item><see cref="SampleRate"/>: paper <see cref="SpectralSampleRate.LibrosaDefault"/> (22050 Hz assumed), corrected <see cref="SpectralSampleRate.Actual"/>.</item>
/// <item><see cref="NeverReached"/>: paper <see cref="NeverReachedValue.Constant"/> (128), corrected <see cref="NeverReachedValue.FrameCount"/>.</item>
/// <item><see cref="PadMode"/>: paper <see cref="PadMode.Reflect"/> (librosa 0.8), corrected <see cref="PadMode.Constant"/> (librosa ≥ 0.10).</item>
/// </list>
/// The remaining options are librosa's arguments as the study used them.
/// </summary>
public sealed record FeatureOptions
{
    /// <summary>Sample rate used for the frequency axis of the spectral features.</summary>
    public SpectralSampleRate SampleRate { get; init; } = SpectralSampleRate.Actual;

    /// <summary>The rate assumed when <see cref="SampleRate"/> is <see cref="SpectralSampleRate.LibrosaDefault"/>, in Hz (librosa's default).</summary>
    public int LibrosaDefaultSampleRateHz { get; init; } = 22050;

    /// <summary>Value of a time-to-dB feature for a mel bin that never reaches the threshold.</summary>
    public NeverReachedValue NeverReached { get; init; } = NeverReachedValue.FrameCount;

    /// <summary>The constant used when <see cref="NeverReached"/> is <see cref="NeverReachedValue.Constant"/> (the paper's 128).</summary>
    public int NeverReachedConstant { get; init; } = 128;

    /// <summary>Centre padding of the STFT behind the spectral features and of the RMS frames (librosa <c>pad_mode</c>).</summary>
    public PadMode PadMode { get; init; } = PadMode.Constant;

    /// <summary>FFT length of the spectral features and frame length of RMS, in samples (librosa <c>n_fft</c>, <c>frame_length</c>).</summary>
    public int FrameLength { get; init; } = 2048;

    /// <summary>Hop between frames, in samples (the study's <c>hop_length=502</c>).</summary>
    public int HopLength { get; init; } = 502;

    /// <summary>Fraction of the total magnitude below the roll-off frequency (librosa <c>roll_percent</c>).</summary>
    public double RollPercent { get; init; } = 0.85;

    /// <summary>Floor applied to each |X|^power before the flatness ratio (librosa <c>amin</c>).</summary>
    public double FlatnessAmin { get; init; } = 1e-10;

    /// <summary>Exponent of the magnitude in the flatness (librosa <c>power</c>; 2 = power spectrum).</summary>
    public double FlatnessPower { get; init; } = 2.0;

    /// <summary>Value of the kurtosis statistic for a (numerically) constant row, where scipy returns NaN.</summary>
    public double KurtosisOfConstant { get; init; }

    /// <summary>The options of <paramref name="profile"/>.</summary>
    public static FeatureOptions For(FeatureProfile profile) => profile switch
    {
        FeatureProfile.Paper => new FeatureOptions
        {
            SampleRate = SpectralSampleRate.LibrosaDefault,
            NeverReached = NeverReachedValue.Constant,
            PadMode = PadMode.Reflect,
        },
        FeatureProfile.Corrected => new FeatureOptions(),
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>The sample rate the spectral features use for a clip recorded at <paramref name="actualHz"/>.</summary>
    public int SpectralRateFor(int actualHz) => SampleRate == SpectralSampleRate.LibrosaDefault ? LibrosaDefaultSampleRateHz : actualHz;

    /// <summary>The time-to-dB value for a bin that never reaches its threshold in a clip of <paramref name="frames"/> frames.</summary>
    public int NeverReachedFor(int frames) => NeverReached == NeverReachedValue.Constant ? NeverReachedConstant : frames;

    /// <summary>Every configuration error, one line each, naming the option; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(SampleRate)) yield return $"Features.SampleRate is not a known mode ({(int)SampleRate})";
        if (LibrosaDefaultSampleRateHz <= 0) yield return $"Features.LibrosaDefaultSampleRateHz must be > 0 (got {LibrosaDefaultSampleRateHz})";
        if (!Enum.IsDefined(NeverReached)) yield return $"Features.NeverReached is not a known mode ({(int)NeverReached})";
        if (!Enum.IsDefined(PadMode)) yield return $"Features.PadMode is not a known pad mode ({(int)PadMode})";
        if (FrameLength < 2 || FrameLength % 2 != 0) yield return $"Features.FrameLength must be even and ≥ 2 (got {FrameLength})";
        if (HopLength <= 0) yield return $"Features.HopLength must be > 0 (got {HopLength})";
        if (!(RollPercent > 0 && RollPercent < 1)) yield return $"Features.RollPercent must be in (0, 1) (got {RollPercent})";
        if (!(FlatnessAmin > 0) || !double.IsFinite(FlatnessAmin)) yield return $"Features.FlatnessAmin must be > 0 (got {FlatnessAmin})";
        if (!(FlatnessPower > 0) || !double.IsFinite(FlatnessPower)) yield return $"Features.FlatnessPower must be > 0 (got {FlatnessPower})";
        if (!double.IsFinite(KurtosisOfConstant)) yield return "Features.KurtosisOfConstant must be finite";
    }

    /// <summary>Throws <see cref="ConcordException"/> listing every error when the options are invalid.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate().ToList();
        if (errors.Count > 0) throw new ConcordException("invalid feature options: " + string.Join("; ", errors));
    }
}
