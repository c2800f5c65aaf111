using System.Numerics;
using System.Runtime.CompilerServices;
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
    private const long MantissaMask = 0x000F_FFFF_FFFF_FFFFL;
    private const long OneBits = 0x3FF0_0000_0000_0000L; // the bits of 1.0

    /// <summary>
    /// RMS per frame: rms[t] = sqrt(mean_{n&lt;L} y_pad[t·hop + n]²), where y_pad is y centred with L/2 samples of
    /// <paramref name="pad"/> padding on each side (librosa <c>feature.rms(y=y, frame_length=L, hop_length=hop, center=True)</c>;
    /// no window). Frames: 1 + ⌊len/hop⌋.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Rms(ReadOnlySpan<float> samples, int frameLength, int hopLength, PadMode pad)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameLength, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopLength);
        int n = samples.Length, half = frameLength / 2;
        if (n == 0) return [0.0];
        int frames = 1 + n / hopLength;
        // Frame t sums the squares of padded samples [t·hop, t·hop + frameLength), padded sample j being samples[j − half]
        // (or the pad). Squares are formed as they are summed, in the same lanes and order as one array of squares would
        // give, so no frame-sized temporary per sample (half a megabyte for a 4 s clip) is allocated.
        var result = new double[frames];
        int vw = Vector<double>.Count;
        Span<double> lane = stackalloc double[vw];
        for (int t = 0; t < frames; t++)
        {
            int first = t * hopLength - half;   // index into samples of the frame's first padded sample
            var acc = Vector<double>.Zero;
            int i = 0;
            if (first >= 0 && first + frameLength <= n)
            {
                var frame = samples.Slice(first, frameLength);
                for (; i <= frameLength - 2 * vw; i += 2 * vw)
                {
                    // one float vector widens to two double vectors: chunks i and i + vw, added in that order
                    Vector.Widen(new Vector<float>(frame.Slice(i)), out var low, out var high);
                    acc += low * low;
                    acc += high * high;
                }
                for (; i <= frameLength - vw; i += vw)
                {
                    for (int l = 0; l < vw; l++) { double v = frame[i + l]; lane[l] = v * v; }
                    acc += new Vector<double>(lane);
                }
                double sum = Vector.Sum(acc);
                for (; i < frameLength; i++) { double v = frame[i]; sum += v * v; }
                result[t] = Math.Sqrt(sum / frameLength);
            }
            else
            {
                for (; i <= frameLength - vw; i += vw)
                {
                    for (int l = 0; l < vw; l++) { double v = PaddedSample(samples, first + i + l, pad); lane[l] = v * v; }
                    acc += new Vector<double>(lane);
                }
                double sum = Vector.Sum(acc);
                for (; i < frameLength; i++) { double v = PaddedSample(samples, first + i, pad); sum += v * v; }
                result[t] = Math.Sqrt(sum / frameLength);
            }
        }
        return result;
    }

    /// <summary>Sample <paramref name="i"/> of the signal padded on both sides (zeros, or numpy's reflection).</summary>
    private static double PaddedSample(ReadOnlySpan<float> samples, int i, PadMode pad) =>
        i >= 0 && i < samples.Length ? samples[i] : pad == PadMode.Reflect ? samples[ReflectIndex(i, samples.Length)] : 0.0;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SpectralFrameFeatures Compute(Spectrogram stftPower, double sampleRateHz, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(stftPower);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        int bins = stftPower.Bins, frames = stftPower.Frames;
        int nFft = 2 * (bins - 1);
        if (nFft <= 0) throw new ArgumentException("the STFT needs at least 2 bins", nameof(stftPower));
        double binHz = sampleRateHz / nFft;
        float[] p = stftPower.Values;

        // one pass: Σ S, Σ f·S, Σ f²·S, Σ ln P̃, Σ P̃ per frame; bandwidth² = Σ f²Ŝ − centroid² (in float64 the cancellation
        // costs ~(f_max/bandwidth)²·1e-16, far below the 1e-4 tolerance)
        var total = new double[frames];
        var weighted = new double[frames];
        var weighted2 = new double[frames];
        var logSum = new double[frames];
        var linSum = new double[frames];
        bool powerTwo = options.FlatnessPower == 2.0;
        double amin = options.FlatnessAmin, halfPower = options.FlatnessPower / 2;
        int vw = Vector<double>.Count;
        var aminV = new Vector<double>(amin);
        var expSum = new long[frames];
        var mantProd = new double[frames];
        Array.Fill(mantProd, 1.0);
        var bias = new Vector<long>(1023);
        var mantissaMask = new Vector<long>(MantissaMask);
        var oneBits = new Vector<long>(OneBits);
        var pwBuf = new double[frames];
        for (int k = 0; k < bins; k++)
        {
            double f = k * binHz;
            int row = k * frames;
            for (int t = 0; t < frames; t++) pwBuf[t] = p[row + t];
            if (powerTwo)
            {
                // vectorised over frames: S = √P, and P̃ = max(amin, P) for flatness
                var fV = new Vector<double>(f);
                var f2V = new Vector<double>(f * f);
                int t = 0;
                for (; t <= frames - vw; t += vw)
                {
                    var pv = new Vector<double>(pwBuf, t);
                    var sv = Vector.SquareRoot(pv);
                    (new Vector<double>(total, t) + sv).CopyTo(total, t);
                    (new Vector<double>(weighted, t) + fV * sv).CopyTo(weighted, t);
                    (new Vector<double>(weighted2, t) + f2V * sv).CopyTo(weighted2, t);
                    var pt = Vector.Max(pv, aminV);
                    // ln P̃ = e·ln2 + ln m with P̃ = m·2^e, m ∈ [1, 2): accumulate Σe and Πm (renormalised below), so the
                    // logarithm is taken once per frame instead of once per bin (P̃ ≥ amin > 0 is normal)
                    var bits = Vector.AsVectorInt64(pt);
                    (new Vector<long>(expSum, t) + (Vector.ShiftRightLogical(bits, 52) - bias)).CopyTo(expSum, t);
                    (new Vector<double>(mantProd, t) * Vector.AsVectorDouble((bits & mantissaMask) | oneBits)).CopyTo(mantProd, t);
                    (new Vector<double>(linSum, t) + pt).CopyTo(linSum, t);
                }
                for (; t < frames; t++) Accumulate(t, pwBuf[t], f, amin, 1.0);
                if ((k & 31) == 31) Renormalise(frames - frames % vw);
            }
            else
                for (int t = 0; t < frames; t++) Accumulate(t, pwBuf[t], f, amin, halfPower);
        }

        Renormalise(powerTwo ? frames - frames % vw : 0);
        for (int t = 0; t < frames; t++) logSum[t] += Math.Log(mantProd[t]) + expSum[t] * Math.Log(2.0);

        // fold the exponent of the running mantissa product into the exponent sum (vectorised frames only)
        void Renormalise(int count)
        {
            for (int t = 0; t < count; t++)
            {
                long b = BitConverter.DoubleToInt64Bits(mantProd[t]);
                expSum[t] += (b >> 52) - 1023;
                mantProd[t] = BitConverter.Int64BitsToDouble((b & MantissaMask) | OneBits);
            }
        }

        void Accumulate(int t, double pw, double f, double aminValue, double exponent)
        {
            double s = Math.Sqrt(pw);
            total[t] += s;
            weighted[t] += f * s;
            weighted2[t] += f * f * s;
            double pt = exponent == 1.0 ? pw : Math.Pow(pw, exponent);
            if (pt < aminValue) pt = aminValue;
            logSum[t] += Math.Log(pt);
            linSum[t] += pt;
        }

        var centroid = new double[frames];
        var bandwidth = new double[frames];
        var flatness = new double[frames];
        var threshold = new double[frames];
        for (int t = 0; t < frames; t++)
        {
            double norm = total[t] < SmallestNormalFloat32 ? 1.0 : total[t];
            double c = weighted[t] / norm;
            centroid[t] = c;
            // Σ Ŝ(f − c)² = Σ f²Ŝ − 2c Σ fŜ + c² Σ Ŝ, with Σ Ŝ = total/norm (1, or the unnormalised sum for silence)
            double spread = weighted2[t] / norm - 2 * c * (weighted[t] / norm) + c * c * (total[t] / norm);
            bandwidth[t] = Math.Sqrt(Math.Max(0, spread));
            flatness[t] = Math.Exp(logSum[t] / bins) / (linSum[t] / bins);
            threshold[t] = options.RollPercent * total[t];
        }

        // roll-off: second pass, cumulative magnitudes vectorised over frames; stops once every frame has crossed its threshold
        var cumulative = new double[frames];
        var rolloff = new double[frames];
        var found = new double[frames]; // 0 = not yet, all bits set = crossed (a Vector mask)
        int remaining = frames;
        for (int k = 0; k < bins && remaining > 0; k++)
        {
            double f = k * binHz;
            int row = k * frames;
            for (int t = 0; t < frames; t++) pwBuf[t] = p[row + t];
            var fV = new Vector<double>(f);
            int t0 = 0;
            for (; t0 <= frames - vw; t0 += vw)
            {
                var cum = new Vector<double>(cumulative, t0) + Vector.SquareRoot(new Vector<double>(pwBuf, t0));
                cum.CopyTo(cumulative, t0);
                var done = Vector.AsVectorInt64(new Vector<double>(found, t0));
                var crossed = Vector.GreaterThanOrEqual(cum, new Vector<double>(threshold, t0)) & ~done;
                if (crossed == Vector<long>.Zero) continue;
                Vector.ConditionalSelect(crossed, fV, new Vector<double>(rolloff, t0)).CopyTo(rolloff, t0);
                Vector.AsVectorDouble(done | crossed).CopyTo(found, t0);
                for (int j = 0; j < vw; j++) if (crossed[j] != 0) remaining--;
            }
            for (; t0 < frames; t0++)
            {
                if (found[t0] != 0) continue;
                cumulative[t0] += Math.Sqrt(pwBuf[t0]);
                if (cumulative[t0] >= threshold[t0]) { found[t0] = double.NaN; rolloff[t0] = f; remaining--; }
            }
        }
        return new SpectralFrameFeatures(centroid, bandwidth, flatness, rolloff);
    }
}
