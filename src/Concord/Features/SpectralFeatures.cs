using Concord.Spectral;

namespace Concord.Features;

/// <summary>
/// librosa's frame-wise features (librosa 0.8–0.10 <c>feature.rms</c>, <c>spectral_centroid</c>, <c>spectral_bandwidth</c>,
/// <c>spectral_flatness</c>, <c>spectral_rolloff</c>), computed in float64 from one shared power spectrogram.
/// Parity: tests/Concord.Tests/Reference/features (within 1e-4 relative).
/// </summary>
public static class SpectralFeatures
{
    /// <summary>librosa's normalisation threshold <c>util.tiny</c> for float32 spectrograms (smallest normal float32).</summary>
    private const double SmallestNormalFloat32 = 1.1754943508222875e-38;

    /// <summary>
    /// RMS per frame: rms[t] = sqrt(mean_{n&lt;L} y_pad[t·hop + n]²), where y_pad is y centred with L/2 samples of
    /// <paramref name="pad"/> padding on each side (librosa <c>feature.rms(y=y, frame_length=L, hop_length=hop, center=True)</c>;
    /// no window). Frames: 1 + ⌊len/hop⌋.
    /// </summary>
    public static double[] Rms(ReadOnlySpan<float> samples, int frameLength, int hopLength, PadMode pad)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameLength, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopLength);
        int n = samples.Length, half = frameLength / 2;
        if (n == 0) return [0.0];
        int frames = 1 + n / hopLength;
        var result = new double[frames];
        for (int t = 0; t < frames; t++)
        {
            int start = t * hopLength - half; // index into y of the frame's first sample
            double sum = 0;
            int lo = Math.Max(0, start), hi = Math.Min(n, start + frameLength);
            for (int i = lo; i < hi; i++) { double v = samples[i]; sum += v * v; }
            if (pad == PadMode.Reflect)
            {
                for (int i = start; i < 0 && i < start + frameLength; i++) { double v = samples[ReflectIndex(i, n)]; sum += v * v; }
                for (int i = Math.Max(n, start); i < start + frameLength; i++) { double v = samples[ReflectIndex(i, n)]; sum += v * v; }
            }
            result[t] = Math.Sqrt(sum / frameLength);
        }
        return result;
    }

    /// <summary>numpy <c>np.pad(mode='reflect')</c> index for any i: mirror about the end samples without repeating them.</summary>
    internal static int ReflectIndex(int i, int n)
    {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int m = i % period;
        if (m < 0) m += period;
        return m < n ? m : period - m;
    }

    /// <summary>
    /// Centroid, bandwidth, flatness and roll-off from a power spectrogram P = |X|² of shape [1 + n_fft/2, frames]
    /// (magnitudes S = √P), with bin frequencies f_k = k·<paramref name="sampleRateHz"/>/n_fft. Like librosa, a frame whose
    /// total magnitude is below the smallest normal float32 is not normalised (centroid and bandwidth ≈ 0), and flatness
    /// floors every S^power at <see cref="FeatureOptions.FlatnessAmin"/> first, so digital silence has flatness 1.
    /// </summary>
    public static SpectralFrameFeatures Compute(Spectrogram stftPower, double sampleRateHz, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(stftPower);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        int bins = stftPower.Bins, frames = stftPower.Frames;
        int nFft = 2 * (bins - 1);
        if (nFft <= 0) throw new ArgumentException("the STFT needs at least 2 bins", nameof(stftPower));
        double binHz = sampleRateHz / nFft;
        float[] p = stftPower.Values;

        var total = new double[frames];     // Σ S
        var weighted = new double[frames];  // Σ f·S
        var logSum = new double[frames];    // Σ ln P̃
        var linSum = new double[frames];    // Σ P̃
        bool powerTwo = options.FlatnessPower == 2.0;
        double amin = options.FlatnessAmin, halfPower = options.FlatnessPower / 2;
        for (int k = 0; k < bins; k++)
        {
            double f = k * binHz;
            int row = k * frames;
            for (int t = 0; t < frames; t++)
            {
                double pw = p[row + t];
                double s = Math.Sqrt(pw);
                total[t] += s;
                weighted[t] += f * s;
                double pt = powerTwo ? pw : Math.Pow(pw, halfPower);
                if (pt < amin) pt = amin;
                logSum[t] += Math.Log(pt);
                linSum[t] += pt;
            }
        }

        var centroid = new double[frames];
        var norm = new double[frames];
        var flatness = new double[frames];
        for (int t = 0; t < frames; t++)
        {
            norm[t] = total[t] < SmallestNormalFloat32 ? 1.0 : total[t];
            centroid[t] = weighted[t] / norm[t];
            flatness[t] = Math.Exp(logSum[t] / bins) / (linSum[t] / bins);
        }

        var spread = new double[frames];
        var cumulative = new double[frames];
        var rolloff = new double[frames];
        var found = new bool[frames];
        var threshold = new double[frames];
        for (int t = 0; t < frames; t++) threshold[t] = options.RollPercent * total[t];
        for (int k = 0; k < bins; k++)
        {
            double f = k * binHz;
            int row = k * frames;
            for (int t = 0; t < frames; t++)
            {
                double s = Math.Sqrt((double)p[row + t]);
                double d = f - centroid[t];
                spread[t] += s * d * d;
                cumulative[t] += s;
                if (!found[t] && cumulative[t] >= threshold[t]) { found[t] = true; rolloff[t] = f; }
            }
        }
        var bandwidth = new double[frames];
        for (int t = 0; t < frames; t++) bandwidth[t] = Math.Sqrt(spread[t] / norm[t]);
        return new SpectralFrameFeatures(centroid, bandwidth, flatness, rolloff);
    }
}
