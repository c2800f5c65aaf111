using Concord.Numerics;
using Concord.Probes;

namespace Concord.Tests.Probes;

public class LogisticProbeTests
{
    private static void AssertSklearnParity(string fixture, Matrix train, int[] trainY, Matrix test, int[] testY, double c)
    {
        var j = ProbeFixtures.Json(fixture);
        var fit = new LogisticProbe(new LogisticProbeOptions { InverseRegularization = c }).Fit(train, trainY);
        Assert.True(fit.Convergence!.Converged, $"L-BFGS stopped with {fit.Convergence}");
        Assert.Equal(ProbeFixtures.Vector(j.GetProperty("default").GetProperty("classes")).Select(v => (int)v), fit.Classes);
        double acc = fit.Score(test, testY);
        foreach (var tag in new[] { "default", "tight" })
        {
            var e = j.GetProperty(tag);
            // Acceptance: test accuracy within 0.5 points, coefficients within 1e-3 relative (‖ΔW‖/‖W‖).
            Assert.InRange(Math.Abs(acc - e.GetProperty("test_accuracy").GetDouble()), 0, 0.005);
            double rel = ProbeFixtures.RelativeError(ProbeFixtures.Flat(e.GetProperty("coef")), fit.Coefficients);
            Assert.True(rel <= 1e-3, $"{fixture}/{tag}: coefficient relative error {rel:E2}");
            // Intercepts of standardised data are near zero, so compare them jointly with the coefficients.
            double relAll = ProbeFixtures.RelativeError([.. ProbeFixtures.Flat(e.GetProperty("coef")), .. ProbeFixtures.Vector(e.GetProperty("intercept"))],
                [.. fit.Coefficients, .. fit.Intercepts]);
            Assert.True(relAll <= 1e-3, $"{fixture}/{tag}: [W, b] relative error {relAll:E2}");
        }
    }

    [Theory]
    [InlineData("planted_logistic", 1.0)]
    [InlineData("planted_logistic_c01", 0.1)]
    public void PlantedMulticlassMatchesSklearnLbfgs(string fixture, double c)
    {
        var x = ProbeFixtures.Features("planted_logistic_x");
        var y = ProbeFixtures.Ints("planted_logistic_y");
        AssertSklearnParity(fixture, ProbeFixtures.RowsOf(x, 0, 300), y[..300], ProbeFixtures.RowsOf(x, 300, 200), y[300..], c);
    }

    [Fact]
    public void PlantedBinaryUsesSklearnsSingleRowParameterisation()
    {
        var x = ProbeFixtures.Features("planted_logistic_x");
        var y = ProbeFixtures.Ints("planted_logistic_binary_y");
        AssertSklearnParity("planted_logistic_binary", ProbeFixtures.RowsOf(x, 0, 300), y[..300], ProbeFixtures.RowsOf(x, 300, 200), y[300..], 1.0);
    }

    [Fact]
    public void WaveletFeaturesMatchSklearnPipeline()
    {
        var (train, test, tr, te) = ProbeFixtures.Wavelet();
        var fam = ProbeFixtures.Ints("wavelet_family");
        var (ztr, zte) = Standardiser.Apply(train, test, StandardizationMode.TrainFit);
        AssertSklearnParity("wavelet_logistic", ztr, tr.Select(i => fam[i]).ToArray(), zte, te.Select(i => fam[i]).ToArray(), 1.0);
    }

    [Fact]
    public void SeparableDataIsDecodedPerfectly()
    {
        var rows = new List<float[]>();
        var y = new List<int>();
        for (int i = 0; i < 60; i++) { int c = i % 3; rows.Add([c * 4f + (i % 5) * 0.1f, -c * 2f]); y.Add(c * 10); }
        var x = Matrix.FromRows(rows);
        var fit = new LogisticProbe(new LogisticProbeOptions()).Fit(x, y.ToArray());
        Assert.Equal(1.0, fit.Score(x, y.ToArray()));
        Assert.Equal([0, 10, 20], fit.Classes);
    }

    [Fact]
    public void FitIsDeterministic()
    {
        var x = ProbeFixtures.Features("planted_logistic_x");
        var y = ProbeFixtures.Ints("planted_logistic_y");
        var a = new LogisticProbe(new LogisticProbeOptions()).Fit(x, y);
        var b = new LogisticProbe(new LogisticProbeOptions()).Fit(x, y);
        Assert.Equal(a.Coefficients, b.Coefficients);
        Assert.Equal(a.Convergence, b.Convergence);
    }
}
