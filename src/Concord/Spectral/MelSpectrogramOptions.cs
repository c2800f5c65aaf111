namespace Concord.Spectral;

/// <summary>
/// Options of the mel spectrogram. Defaults are the paper's (METHOD.md §3.1): 128 mels, n_fft 2048, hop 502, fmax 8000,
/// Slaney scale and Slaney norm, periodic Hann window, <c>center=True</c>, power 2, <c>power_to_db(ref=max, amin=1e-10, top_db=80)</c>.
/// The default pad mode is <see cref="PadMode.Constant"/> (librosa ≥ 0.10); the paper profile uses <see cref="PadMode.Reflect"/> (librosa 0.8).
/// </summary>
public sealed record MelSpectrogramOptions
{
    /// <summary>FFT length and window length in samples (librosa <c>n_fft</c>).</summary>
    public int FftSize { get; init; } = 2048;

    /// <summary>Hop between frames, in samples (librosa <c>hop_length</c>).</summary>
    public int HopLength { get; init; } = 502;

    /// <summary>Number of mel bands (librosa <c>n_mels</c>).</summary>
    public int MelBandCount { get; init; } = 128;

    /// <summary>Lowest filter edge in Hz (librosa <c>fmin</c>).</summary>
    public double FMinHz { get; init; }

    /// <summary>Highest filter edge in Hz (librosa <c>fmax</c>); null means the Nyquist frequency.</summary>
    public double? FMaxHz { get; init; } = 8000;

    /// <summary>Mel scale (librosa <c>htk</c>).</summary>
    public MelScale Scale { get; init; } = MelScale.Slaney;

    /// <summary>Filter normalisation (librosa <c>norm</c>).</summary>
    public MelNorm Norm { get; init; } = MelNorm.Slaney;

    /// <summary>Centre padding of the STFT (librosa <c>pad_mode</c>).</summary>
    public PadMode PadMode { get; init; } = PadMode.Constant;

    /// <summary>Dynamic range kept below each clip's maximum, in dB (librosa <c>top_db</c>); null keeps everything.</summary>
    public double? TopDb { get; init; } = 80;

    /// <summary>Power floor before the logarithm (librosa <c>amin</c>).</summary>
    public double AminPower { get; init; } = 1e-10;

    /// <summary>Every configuration error, one line each, naming the option; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (FftSize < 2) yield return $"Mel.FftSize must be ≥ 2 (got {FftSize})";
        if (HopLength <= 0) yield return $"Mel.HopLength must be > 0 (got {HopLength})";
        if (MelBandCount <= 0) yield return $"Mel.MelBandCount must be > 0 (got {MelBandCount})";
        if (MelBandCount > Limits.MaxMelBands) yield return $"Mel.MelBandCount must be ≤ {Limits.MaxMelBands} (got {MelBandCount})";
        if (FftSize > 1 << 20) yield return $"Mel.FftSize must be ≤ {1 << 20} (got {FftSize})";
        if (!double.IsFinite(FMinHz) || FMinHz < 0) yield return $"Mel.FMinHz must be ≥ 0 (got {FMinHz})";
        if (FMaxHz is { } fmax && (!double.IsFinite(fmax) || fmax <= FMinHz))
            yield return $"Mel.FMaxHz must be > FMinHz (got {fmax} ≤ {FMinHz})";
        if (TopDb is { } top && (!double.IsFinite(top) || top < 0)) yield return $"Mel.TopDb must be ≥ 0 (got {top})";
        if (!double.IsFinite(AminPower) || AminPower <= 0) yield return $"Mel.AminPower must be > 0 (got {AminPower})";
        if (!Enum.IsDefined(Scale)) yield return $"Mel.Scale is not a known mel scale ({(int)Scale})";
        if (!Enum.IsDefined(Norm)) yield return $"Mel.Norm is not a known normalisation ({(int)Norm})";
        if (!Enum.IsDefined(PadMode)) yield return $"Mel.PadMode is not a known pad mode ({(int)PadMode})";
    }

    /// <summary>Errors that depend on the sample rate too (fmax above Nyquist).</summary>
    public IEnumerable<string> Validate(int sampleRateHz)
    {
        foreach (var e in Validate()) yield return e;
        if (sampleRateHz <= 0) { yield return $"sample rate must be > 0 (got {sampleRateHz})"; yield break; }
        if (sampleRateHz > Limits.MaxSampleRateHz) { yield return $"sample rate must be ≤ {Limits.MaxSampleRateHz} Hz (got {sampleRateHz})"; yield break; }
        if (FMaxHz is { } fmax && fmax > sampleRateHz / 2.0)
            yield return $"Mel.FMaxHz {fmax} is above the Nyquist frequency {sampleRateHz / 2.0} of {sampleRateHz} Hz audio";
        if (FMaxHz is null && FMinHz >= sampleRateHz / 2.0)
            yield return $"Mel.FMinHz {FMinHz} must be below the Nyquist frequency {sampleRateHz / 2.0}";
    }

    /// <summary>Throws <see cref="ConcordException"/> listing every error when the options are invalid for <paramref name="sampleRateHz"/>.</summary>
    public void ThrowIfInvalid(int sampleRateHz)
    {
        var errors = Validate(sampleRateHz).ToList();
        if (errors.Count > 0) throw new ConcordException("invalid mel options: " + string.Join("; ", errors));
    }
}
