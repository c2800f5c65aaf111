using Concord.Audio;
using Xunit.Abstractions;

namespace Concord.Tests.Audio;

/// <summary>The resampler against analytic sines: passband amplitude/phase and alias rejection.</summary>
public sealed class ResamplerTests(ITestOutputHelper output)
{
    private static float[] Sine(double freqHz, int rateHz, int n, double amp = 0.5, double phase = 0.3)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(amp * Math.Sin(2 * Math.PI * freqHz * i / rateHz + phase));
        return x;
    }

    /// <summary>Max |y[n] − analytic| over the interior (edges affected by the zero extension are excluded).</summary>
    private static double InteriorError(float[] y, double freqHz, int rateHz, double amp = 0.5, double phase = 0.3)
    {
        double err = 0;
        for (int n = y.Length / 8; n < y.Length - y.Length / 8; n++)
            err = Math.Max(err, Math.Abs(y[n] - amp * Math.Sin(2 * Math.PI * freqHz * n / rateHz + phase)));
        return err;
    }

    private static double InteriorRms(float[] y)
    {
        double s = 0; int c = 0;
        for (int n = y.Length / 8; n < y.Length - y.Length / 8; n++) { s += (double)y[n] * y[n]; c++; }
        return Math.Sqrt(s / c);
    }

    [Theory]
    [InlineData(44100, 22050, 440.0)]
    [InlineData(44100, 22050, 5000.0)]
    [InlineData(44100, 22050, 9000.0)]   // 0.82 × the target Nyquist
    [InlineData(48000, 16000, 1000.0)]
    [InlineData(48000, 16000, 6000.0)]   // 0.75 × the target Nyquist
    [InlineData(16000, 22050, 3000.0)]   // upsampling, 441/320 phases
    public void PassbandSineKeepsAmplitudeAndPhase(int from, int to, double freq)
    {
        var y = new Resampler(from, to).Process(Sine(freq, from, from));
        Assert.Equal(to, y.Length);
        output.WriteLine($"{from}→{to} {freq} Hz: max interior error {InteriorError(y, freq, to):E2} (amplitude 0.5)");
        // 1e-6 of full scale (−120 dB): measured errors are ~1e-8, float32 rounding; the passband ripple is < 1e-6 dB.
        Assert.InRange(InteriorError(y, freq, to), 0, 1e-6);
    }

    [Theory]
    [InlineData(44100, 22050, 15000.0)]  // would alias to 7050 Hz
    [InlineData(44100, 22050, 12500.0)]  // 1.13 × target Nyquist
    [InlineData(48000, 16000, 10000.0)]  // would alias to 6000 Hz
    [InlineData(48000, 16000, 20000.0)]
    public void ToneAboveTargetNyquistIsRejected(int from, int to, double freq)
    {
        var y = new Resampler(from, to).Process(Sine(freq, from, from));
        double rejectionDb = 20 * Math.Log10(InteriorRms(y) / (0.5 / Math.Sqrt(2)) + 1e-30);
        output.WriteLine($"{from}→{to} {freq} Hz: residual {rejectionDb:F1} dB");
        Assert.True(rejectionDb < -120, $"alias at {rejectionDb:F1} dB");
    }

    [Fact]
    public void OutputLengthIsCeilOfScaledLength()
    {
        var r = new Resampler(44100, 16000);
        Assert.Equal((int)Math.Ceiling(1001 * 160 / 441.0), r.OutputLength(1001));
        Assert.Equal(r.OutputLength(1001), r.Process(new float[1001]).Length);
    }

    [Fact]
    public void EqualRatesCopy()
    {
        var x = Sine(100, 8000, 50);
        Assert.Equal(x, new Resampler(8000, 8000).Process(x));
    }

    [Fact]
    public void ManyPhaseRatiosUseTheInterpolatedTable()
    {
        // 10007 is prime: 10007 phases, above the exact-table limit.
        var y = new Resampler(10000, 10007).Process(Sine(700, 10000, 10000));
        Assert.Equal(10007, y.Length);
        Assert.InRange(InteriorError(y, 700, 10007), 0, 1e-6);
    }

    [Fact]
    public void BesselI0MatchesKnownValues()
    {
        // scipy.special.i0(1.0), i0(5.0)
        Assert.Equal(1.2660658777520082, Resampler.BesselI0(1.0), 14);
        Assert.Equal(27.239871823604442, Resampler.BesselI0(5.0), 12);
    }
}
