using Concord.Spectral;
using Concord.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Concord.Tests.Spectral;

/// <summary>
/// Mel parity against torchaudio 0.13 (float64, Slaney scale and norm) + librosa's power_to_db formula.
/// Acceptance: max |Δ| ≤ 2e-3 dB over the cells above the −80 dB floor, and identical floor masks except within 2e-3 dB of the floor.
/// </summary>
public sealed class MelParityTests(ITestOutputHelper output)
{
    private const double DbTolerance = 2e-3;

    public static TheoryData<string> DbCases() => [.. MelCase.All().Where(c => c.Kind == "db").Select(c => c.Name)];
    public static TheoryData<string> PowerCases() => [.. MelCase.All().Where(c => c.Kind == "power").Select(c => c.Name)];
    public static TheoryData<string> StftCases() => [.. MelCase.All().Where(c => c.Kind == "stft").Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(DbCases))]
    public void DecibelsMatchReference(string name)
    {
        var c = MelCase.Get(name);
        var input = c.LoadInput();
        if (input is null) { output.WriteLine($"{name}: NSynth fixture absent, skipped"); return; }
        var expected = c.Expected();
        var actual = new MelSpectrogram(c.Options, c.SampleRate).ComputeDecibels(input);
        Assert.Equal(expected.Shape, new long[] { actual.Bins, actual.Frames });

        float refFloor = expected.Data.Max() - 80f, ourFloor = actual.Values.Max() - 80f;
        double maxAbove = 0;
        int above = 0, maskMismatches = 0;
        for (int i = 0; i < expected.Data.Length; i++)
        {
            double e = expected.Data[i], a = actual.Values[i];
            Assert.True(double.IsFinite(a), $"{name}[{i}] is not finite");
            bool eFloor = e <= refFloor, aFloor = a <= ourFloor;
            if (eFloor != aFloor)
            {
                maskMismatches++;
                Assert.True(Math.Abs(e - refFloor) <= DbTolerance && Math.Abs(a - ourFloor) <= DbTolerance,
                    $"{name}[{i}]: floor masks differ away from the floor (expected {e}, actual {a})");
                continue;
            }
            if (!eFloor) { above++; maxAbove = Math.Max(maxAbove, Math.Abs(a - e)); }
            else Assert.Equal(e, a, 4);
        }
        output.WriteLine($"{name}: max |Δ| = {maxAbove:E2} dB over {above} cells above the floor; {maskMismatches} floor-mask differences at the floor");
        Assert.True(maxAbove <= DbTolerance, $"{name}: max |Δ| = {maxAbove:E3} dB > {DbTolerance:E1}");
    }

    [Theory]
    [MemberData(nameof(PowerCases))]
    public void PowerMatchesReference(string name)
    {
        var c = MelCase.Get(name);
        var expected = c.Expected();
        var actual = new MelSpectrogram(c.Options, c.SampleRate).ComputePower(c.LoadInput()!);
        double max = expected.Data.Max();
        // float32 storage on both sides: relative 1e-6, plus an absolute term 1e-12 of the clip's maximum for near-zero cells.
        NumAssert.AllClose(expected.Data, actual.Values, 1e-6, 1e-12 * max, name);
    }

    [Theory]
    [MemberData(nameof(StftCases))]
    public void StftPowerMatchesTorchStft(string name)
    {
        var c = MelCase.Get(name);
        var expected = c.Expected();
        var actual = new Stft(c.FftSize, c.Hop, c.PadMode).ComputePower(c.LoadInput()!);
        Assert.Equal(expected.Shape, new long[] { actual.Bins, actual.Frames });
        NumAssert.AllClose(expected.Data, actual.Values, 1e-6, 1e-12 * expected.Data.Max(), name);
    }

    [Fact]
    public void AnalyzeReusesOneStftForAllThreeOutputs()
    {
        var c = MelCase.Get("chirp_22050_power");
        var input = c.LoadInput()!;
        var mel = new MelSpectrogram(c.Options, c.SampleRate);
        var a = mel.Analyze(input);
        var expected = c.Expected().Data;
        NumAssert.AllClose(expected, a.MelPower.Values, 1e-6, 1e-12 * expected.Max(), "mel power");
        Assert.Equal(mel.ComputeDecibels(input).Values, a.MelDecibels.Values);
        Assert.Equal(mel.Stft.ComputePower(input).Values, a.StftPower.Values);
        Assert.Equal((1025, 176), (a.StftPower.Bins, a.StftPower.Frames));
    }

}
