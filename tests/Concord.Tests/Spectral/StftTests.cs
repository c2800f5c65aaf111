using Concord.Spectral;

namespace Concord.Tests.Spectral;

public sealed class StftTests
{
    private static double[] NaivePower(double[] x)
    {
        int n = x.Length;
        var p = new double[n / 2 + 1];
        for (int k = 0; k < p.Length; k++)
        {
            double re = 0, im = 0;
            for (int j = 0; j < n; j++)
            {
                double a = -2 * Math.PI * ((long)k * j % n) / n;
                re += x[j] * Math.Cos(a); im += x[j] * Math.Sin(a);
            }
            p[k] = re * re + im * im;
        }
        return p;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(2048)]
    [InlineData(1000)]   // Bluestein
    [InlineData(501)]    // odd, Bluestein
    public void FftPowerMatchesNaiveDft(int n)
    {
        var rng = new Random(n);
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.NextDouble() * 2 - 1;
        var plan = new FftPlan(n);
        var p = new double[plan.Bins];
        plan.PowerSpectrum(x, p, plan.CreateWorkspace());
        var expected = NaivePower(x);
        double scale = expected.Max();
        for (int k = 0; k < p.Length; k++) Assert.InRange(Math.Abs(p[k] - expected[k]), 0, 1e-10 * scale);
    }

    [Theory]
    [InlineData(2048)]   // 10 radix-2 stages: five fused pairs
    [InlineData(1024)]   // 9 stages: four pairs and a single stage
    [InlineData(4)]
    [InlineData(1000)]   // Bluestein
    public void FrameParallelPathIsBitIdenticalToScalar(int n)
    {
        var rng = new Random(11);
        var signal = new double[n + 3 * 97 + 10];
        for (int i = 0; i < signal.Length; i++) signal[i] = rng.NextDouble() - 0.5;
        var plan = new FftPlan(n);
        var window = new Stft(n, 97).Window;
        int lanes = FftPlan.Lanes;
        var starts = Enumerable.Range(0, lanes).Select(l => Math.Min(l, 3) * 97).ToArray();
        var block = new System.Numerics.Vector<double>[plan.Bins];
        var ws = plan.CreateWorkspace();
        plan.WindowedPowerSpectra(signal, starts, window, block, ws);
        var frame = new double[n];
        var p = new double[plan.Bins];
        for (int l = 0; l < lanes; l++)
        {
            for (int j = 0; j < n; j++) frame[j] = signal[starts[l] + j] * window[j];
            plan.PowerSpectrum(frame, p, ws);
            for (int k = 0; k < p.Length; k++) Assert.Equal(p[k], block[k][l]);
        }
    }

    [Theory]
    [InlineData(64000, 502, 2048, 128)]   // NSynth 4 s at 16 kHz
    [InlineData(88200, 502, 2048, 176)]   // 4 s at 22.05 kHz
    [InlineData(11111, 257, 1000, 44)]
    [InlineData(1, 512, 2048, 1)]
    public void FrameCountIsOnePlusLengthOverHop(int len, int hop, int nFft, int frames) =>
        Assert.Equal(frames, new Stft(nFft, hop).FrameCount(len));

    [Fact]
    public void WindowIsPeriodicHann()
    {
        var w = new Stft(8, 2).Window.ToArray();
        // scipy.signal.get_window('hann', 8, fftbins=True)
        double[] expected = [0, 0.14644660940672624, 0.5, 0.8535533905932737, 1, 0.8535533905932737, 0.5, 0.14644660940672624];
        for (int i = 0; i < 8; i++) Assert.Equal(expected[i], w[i], 15);
    }

    [Fact]
    public void ReflectPaddingMatchesNumpy()
    {
        // np.pad([1, 2, 3, 4], 6, mode='reflect') = [1 2 3 4 3 2 | 1 2 3 4 | 3 2 1 2 3 4]
        int[] expected = [1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4];
        for (int i = -6; i < 10; i++) Assert.Equal(expected[i + 6], Stft.ReflectIndex(i, 4) + 1);
    }

    [Fact]
    public void BinCentredToneHasTheExpectedPeak()
    {
        // A cosine at bin 64 with amplitude A: the periodic Hann window sums to N/2, so |X[64]| = A·N/4 in interior frames.
        const int n = 1024; const double amp = 0.5;
        var x = new float[16000];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(amp * Math.Cos(2 * Math.PI * 64 * i / n));
        var s = new Stft(n, 256).ComputePower(x);
        int t = s.Frames / 2;
        Assert.Equal(Math.Pow(amp * n / 4, 2), s[64, t], 1e-3 * Math.Pow(amp * n / 4, 2));
        Assert.True(s[70, t] < 1e-6 * s[64, t]);
    }

    [Fact]
    public void ConstantAndReflectDifferOnlyAtTheEdges()
    {
        var x = new float[8000];
        var rng = new Random(1);
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() - 0.5);
        var c = new Stft(512, 128, PadMode.Constant).ComputePower(x);
        var r = new Stft(512, 128, PadMode.Reflect).ComputePower(x);
        Assert.NotEqual(c[10, 0], r[10, 0]);
        Assert.Equal(c[10, 30], r[10, 30]);
    }
}
