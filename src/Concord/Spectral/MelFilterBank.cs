namespace Concord.Spectral;

/// <summary>
/// Triangular mel filter banks with librosa <c>filters.mel</c> semantics (identical to torchaudio
/// <c>melscale_fbanks(norm='slaney', mel_scale='slaney')</c> on the Slaney settings):
/// <list type="bullet">
/// <item>FFT bin frequencies f_k = k·sr/N, k = 0…N/2;</item>
/// <item>n_mels + 2 edge frequencies m_j equally spaced on the mel scale between fmin and fmax, mapped back to Hz;</item>
/// <item>W[i,k] = max(0, min((f_k − m_i)/(m_{i+1} − m_i), (m_{i+2} − f_k)/(m_{i+2} − m_{i+1})));</item>
/// <item>Slaney norm multiplies row i by 2/(m_{i+2} − m_i).</item>
/// </list>
/// Computed in float64. The result is <c>[mels, 1 + N/2]</c>.
/// </summary>
public static class MelFilterBank
{
    private const double SlaneyFSp = 200.0 / 3;          // Hz per mel in the linear region
    private const double SlaneyMinLogHz = 1000.0;
    private const double SlaneyMinLogMel = SlaneyMinLogHz / SlaneyFSp; // 15
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    /// <summary>Hz → mel. Slaney: f/(200/3) below 1 kHz, 15 + ln(f/1000)/(ln 6.4/27) above; HTK: 2595·log10(1 + f/700).</summary>
    public static double HzToMel(double hz, MelScale scale) => scale switch
    {
        MelScale.Htk => 2595.0 * Math.Log10(1.0 + hz / 700.0),
        _ => hz >= SlaneyMinLogHz ? SlaneyMinLogMel + Math.Log(hz / SlaneyMinLogHz) / SlaneyLogStep : hz / SlaneyFSp,
    };

    /// <summary>Mel → Hz, the inverse of <see cref="HzToMel"/>.</summary>
    public static double MelToHz(double mel, MelScale scale) => scale switch
    {
        MelScale.Htk => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0),
        _ => mel >= SlaneyMinLogMel ? SlaneyMinLogHz * Math.Exp(SlaneyLogStep * (mel - SlaneyMinLogMel)) : SlaneyFSp * mel,
    };

    /// <summary><paramref name="count"/> frequencies (Hz) equally spaced on the mel scale from fmin to fmax inclusive (librosa <c>mel_frequencies</c>).</summary>
    public static double[] MelFrequencies(int count, double fminHz, double fmaxHz, MelScale scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        double lo = HzToMel(fminHz, scale), hi = HzToMel(fmaxHz, scale);
        var f = new double[count];
        double step = count > 1 ? (hi - lo) / (count - 1) : 0;
        for (int i = 0; i < count; i++) f[i] = MelToHz(i == count - 1 && count > 1 ? hi : lo + i * step, scale);
        return f;
    }

    /// <summary>Centre frequencies of the 1 + N/2 FFT bins: k·sr/N (librosa <c>fft_frequencies</c>).</summary>
    public static double[] FftFrequencies(int sampleRateHz, int fftSize)
    {
        int bins = fftSize / 2 + 1;
        var f = new double[bins];
        double nyquist = sampleRateHz / 2.0;
        double step = bins > 1 ? nyquist / (bins - 1) : 0;
        for (int k = 0; k < bins; k++) f[k] = k * step;
        if (bins > 1) f[^1] = nyquist;
        return f;
    }

    /// <summary>The dense filter bank, row-major <c>[melBandCount, 1 + fftSize/2]</c>; <paramref name="fmaxHz"/> null means Nyquist.</summary>
    public static double[] CreateDense(int sampleRateHz, int fftSize, int melBandCount, double fminHz = 0, double? fmaxHz = null,
        MelScale scale = MelScale.Slaney, MelNorm norm = MelNorm.Slaney)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        ArgumentOutOfRangeException.ThrowIfLessThan(fftSize, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(melBandCount);
        double fmax = fmaxHz ?? sampleRateHz / 2.0;
        if (!(fmax > fminHz)) throw new ArgumentOutOfRangeException(nameof(fmaxHz), $"fmax {fmax} must exceed fmin {fminHz}");
        var fft = FftFrequencies(sampleRateHz, fftSize);
        var edges = MelFrequencies(melBandCount + 2, fminHz, fmax, scale);
        int bins = fft.Length;
        var w = new double[melBandCount * bins];
        for (int i = 0; i < melBandCount; i++)
        {
            double lowDiff = edges[i + 1] - edges[i], highDiff = edges[i + 2] - edges[i + 1];
            double scaleFactor = norm == MelNorm.Slaney ? 2.0 / (edges[i + 2] - edges[i]) : 1.0;
            for (int k = 0; k < bins; k++)
            {
                double lower = (fft[k] - edges[i]) / lowDiff;
                double upper = (edges[i + 2] - fft[k]) / highDiff;
                double v = Math.Max(0.0, Math.Min(lower, upper));
                w[i * bins + k] = v * scaleFactor;
            }
        }
        return w;
    }

    /// <summary>The same bank stored sparsely (each band keeps only its non-zero bin range), for fast application.</summary>
    public static SparseFilterBank Create(int sampleRateHz, int fftSize, int melBandCount, double fminHz = 0, double? fmaxHz = null,
        MelScale scale = MelScale.Slaney, MelNorm norm = MelNorm.Slaney) =>
        SparseFilterBank.FromDense(CreateDense(sampleRateHz, fftSize, melBandCount, fminHz, fmaxHz, scale, norm), melBandCount, fftSize / 2 + 1);

    /// <summary>The sparse bank described by <paramref name="options"/> for audio at <paramref name="sampleRateHz"/>.</summary>
    public static SparseFilterBank Create(MelSpectrogramOptions options, int sampleRateHz) =>
        Create(sampleRateHz, options.FftSize, options.MelBandCount, options.FMinHz, options.FMaxHz, options.Scale, options.Norm);
}
