using Concord.Spectral;

namespace Concord.Features;

/// <summary>
/// Single-level 2-D discrete wavelet transform with PyWavelets 1.1 semantics, <c>pywt.dwt2(x, wavelet, mode='symmetric')</c>:
/// the 1-D transform along axis 0 then axis 1, each computing out[o] = Σ_j h[j]·x̃[2o + 1 − j] for o &lt; ⌊(n + L − 1)/2⌋,
/// where h is the decomposition filter (low- or high-pass, L taps) and x̃ the half-sample symmetric extension
/// (x̃[−1] = x[0], x̃[n] = x[n−1]). Computed in float64.
/// </summary>
public static class Dwt2
{
    // pywt 1.1.1 Wavelet('db10').dec_lo / dec_hi and Wavelet('bior1.3').dec_lo / dec_hi.
    private static readonly double[] Db10Lo =
    [
        -1.3264202894521244e-05, 9.358867032006959e-05, -0.00011646685512928545, -0.0006858566949597116, 0.001992405295185056,
        0.001395351747052901, -0.010733175483330575, 0.0036065535669561697, 0.033212674059341, -0.029457536821875813,
        -0.07139414716639708, 0.09305736460357235, 0.12736934033579325, -0.19594627437737705, -0.24984642432731538,
        0.2811723436605775, 0.6884590394536035, 0.5272011889317256, 0.1881768000776915, 0.026670057900555554,
    ];
    private static readonly double[] Db10Hi =
    [
        -0.026670057900555554, 0.1881768000776915, -0.5272011889317256, 0.6884590394536035, -0.2811723436605775,
        -0.24984642432731538, 0.19594627437737705, 0.12736934033579325, -0.09305736460357235, -0.07139414716639708,
        0.029457536821875813, 0.033212674059341, -0.0036065535669561697, -0.010733175483330575, -0.001395351747052901,
        0.001992405295185056, 0.0006858566949597116, -0.00011646685512928545, -9.358867032006959e-05, -1.3264202894521244e-05,
    ];
    private static readonly double[] Bior13Lo =
        [-0.08838834764831845, 0.08838834764831845, 0.7071067811865476, 0.7071067811865476, 0.08838834764831845, -0.08838834764831845];
    private static readonly double[] Bior13Hi = [0.0, 0.0, -0.7071067811865476, 0.7071067811865476, 0.0, 0.0];

    /// <summary>Number of taps of <paramref name="wavelet"/>'s decomposition filters.</summary>
    public static int FilterLength(DwtWavelet wavelet) => LowPass(wavelet).Length;

    /// <summary>Coefficients per axis for an input of <paramref name="n"/> samples: ⌊(n + L − 1)/2⌋ (pywt dwt_coeff_len, symmetric mode).</summary>
    public static int OutputLength(int n, DwtWavelet wavelet) => (n + FilterLength(wavelet) - 1) / 2;

    /// <summary>cH and cV of <c>pywt.dwt2(x, wavelet, mode='symmetric')</c> for the spectrogram x = [Bins, Frames].</summary>
    public static Dwt2Details Compute(Spectrogram x, DwtWavelet wavelet)
    {
        ArgumentNullException.ThrowIfNull(x);
        double[] lo = LowPass(wavelet), hi = HighPass(wavelet);
        int rows = x.Bins, cols = x.Frames;
        int outRows = OutputLength(rows, wavelet), outCols = OutputLength(cols, wavelet);

        // axis 0: for every column, low and high pass along the mel axis -> a, d : [outRows, cols]
        var a = new double[outRows * cols];
        var d = new double[outRows * cols];
        var column = new double[rows];
        var outLo = new double[outRows];
        var outHi = new double[outRows];
        for (int c = 0; c < cols; c++)
        {
            for (int r = 0; r < rows; r++) column[r] = x.Values[r * cols + c];
            Analyze(column, lo, outLo);
            Analyze(column, hi, outHi);
            for (int r = 0; r < outRows; r++) { a[r * cols + c] = outLo[r]; d[r * cols + c] = outHi[r]; }
        }

        // axis 1: cH = low pass along time of d ('da'); cV = high pass along time of a ('ad')
        var horizontal = new double[outRows * outCols];
        var vertical = new double[outRows * outCols];
        for (int r = 0; r < outRows; r++)
        {
            Analyze(d.AsSpan(r * cols, cols), lo, horizontal.AsSpan(r * outCols, outCols));
            Analyze(a.AsSpan(r * cols, cols), hi, vertical.AsSpan(r * outCols, outCols));
        }
        return new Dwt2Details(outRows, outCols, horizontal, vertical);
    }

    /// <summary>pywt's downsampling convolution with symmetric extension: out[o] = Σ_j h[j]·x̃[2o + 1 − j].</summary>
    internal static void Analyze(ReadOnlySpan<double> x, ReadOnlySpan<double> h, Span<double> output)
    {
        int n = x.Length, taps = h.Length;
        for (int o = 0; o < output.Length; o++)
        {
            int i = 2 * o + 1;
            double sum = 0;
            if (i - taps + 1 >= 0 && i < n)
                for (int j = 0; j < taps; j++) sum += h[j] * x[i - j];
            else
                for (int j = 0; j < taps; j++) sum += h[j] * x[SymmetricIndex(i - j, n)];
            output[o] = sum;
        }
    }

    /// <summary>Half-sample symmetric extension index (numpy 'symmetric' / pywt 'symmetric'), period 2n.</summary>
    internal static int SymmetricIndex(int i, int n)
    {
        int period = 2 * n;
        int m = i % period;
        if (m < 0) m += period;
        return m < n ? m : period - 1 - m;
    }

    private static double[] LowPass(DwtWavelet w) => w switch
    {
        DwtWavelet.Db10 => Db10Lo,
        DwtWavelet.Bior13 => Bior13Lo,
        _ => throw new ArgumentOutOfRangeException(nameof(w)),
    };

    private static double[] HighPass(DwtWavelet w) => w switch
    {
        DwtWavelet.Db10 => Db10Hi,
        DwtWavelet.Bior13 => Bior13Hi,
        _ => throw new ArgumentOutOfRangeException(nameof(w)),
    };
}
