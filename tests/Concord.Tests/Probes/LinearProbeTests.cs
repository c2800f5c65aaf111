using Concord.Numerics;
using Concord.Probes;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Probes;

public class LinearProbeTests
{
    private static (FittedLinearProbe Fit, double TestRmse) Run(string name, int nTrain, double ridge = 0)
    {
        var x = ProbeFixtures.Features(name + "_x");
        var y = ProbeFixtures.Doubles(name + "_y");
        var fit = new LinearProbe(new LinearProbeOptions { Ridge = ridge }).Fit(ProbeFixtures.RowsOf(x, 0, nTrain), y[..nTrain]);
        var test = ProbeFixtures.RowsOf(x, nTrain, x.Rows - nTrain);
        return (fit, ProbeMetrics.Rmse(y[nTrain..], fit.Predict(test)));
    }

    [Theory]
    [InlineData("planted_linear", 200)]
    [InlineData("planted_linear_dup", 120)]   // six duplicated columns: rank 18 of 24, minimum-norm solution
    public void RmseAndCoefficientsEqualSklearnLinearRegression(string name, int nTrain)
    {
        var j = ProbeFixtures.Json(name);
        var (fit, rmse) = Run(name, nTrain);
        Assert.Equal(j.GetProperty("rank").GetInt32(), fit.Rank);
        double expected = j.GetProperty("test_rmse").GetDouble();
        Assert.True(Math.Abs(rmse - expected) <= 1e-6 * expected, $"RMSE {rmse:R} vs sklearn {expected:R}");
        NumAssert.AllClose(ProbeFixtures.Vector(j.GetProperty("coef")), fit.Coefficients, 1e-6, 1e-8, "coef");
        Assert.Equal(j.GetProperty("intercept").GetDouble(), fit.Intercept, 1e-6 * Math.Abs(j.GetProperty("intercept").GetDouble()) + 1e-8);
    }

    [Fact]
    public void WideDesignGivesTheMinimumNormInterpolant()
    {
        var j = ProbeFixtures.Json("planted_linear_wide");   // n = 60 < d = 150
        var (fit, rmse) = Run("planted_linear_wide", 60);
        var robust = j.GetProperty("robust");
        Assert.Equal(59, fit.Rank);   // centring removes one dimension
        double expected = robust.GetProperty("test_rmse").GetDouble();
        Assert.True(Math.Abs(rmse - expected) <= 1e-6 * expected, $"RMSE {rmse:R} vs scipy lstsq min-norm {expected:R}");
        NumAssert.AllClose(ProbeFixtures.Vector(robust.GetProperty("coef")), fit.Coefficients, 1e-6, 1e-9, "coef");
        // sklearn's cutoff eps·σ_max keeps the rounding-noise singular value here (rank 60): its RMSE differs by that
        // direction only. Bound the gap so a regression in our solver still fails.
        double sk = j.GetProperty("test_rmse").GetDouble();
        Assert.Equal(60, j.GetProperty("rank").GetInt32());
        Assert.InRange(Math.Abs(rmse - sk) / sk, 0, 2e-3);
        // Training data are interpolated.
        var x = ProbeFixtures.Features("planted_linear_wide_x");
        var y = ProbeFixtures.Doubles("planted_linear_wide_y");
        Assert.True(ProbeMetrics.Rmse(y[..60], fit.Predict(ProbeFixtures.RowsOf(x, 0, 60))) < 1e-9);
    }

    [Fact]
    public void WaveletPitchMatchesSklearn()
    {
        var (train, test, tr, te) = ProbeFixtures.Wavelet();
        var pitch = ProbeFixtures.Doubles("wavelet_pitch");
        var j = ProbeFixtures.Json("wavelet_linear_pitch");
        var eval = new ProbeRunner(new ProbeOptions()).Regress(train, tr.Select(i => pitch[i]).ToArray(), test, te.Select(i => pitch[i]).ToArray());
        double expected = j.GetProperty("test_rmse").GetDouble();
        // The standardised inputs are rounded to float32 here (float64 in sklearn), so allow 1e-5 relative.
        Assert.True(Math.Abs(eval.TestScore - expected) <= 1e-5 * expected, $"RMSE {eval.TestScore:R} vs sklearn {expected:R}");
        Assert.Equal(j.GetProperty("baseline_rmse").GetDouble(), eval.Baseline, 1e-9);
        Assert.Equal(j.GetProperty("test_r2").GetDouble(), eval.R2!.Value, 1e-4);
    }

    [Theory]
    [InlineData("planted_linear", 200)]
    [InlineData("planted_linear_wide", 60)]
    public void RidgeMatchesSklearnRidge(string name, int nTrain)
    {
        var j = ProbeFixtures.Json(name);
        foreach (var r in j.GetProperty("ridge").EnumerateArray())
        {
            var (fit, rmse) = Run(name, nTrain, r.GetProperty("alpha").GetDouble());
            NumAssert.AllClose(ProbeFixtures.Vector(r.GetProperty("coef")), fit.Coefficients, 1e-6, 1e-9, "ridge coef");
            double expected = r.GetProperty("test_rmse").GetDouble();
            Assert.True(Math.Abs(rmse - expected) <= 1e-6 * expected);
        }
    }

    [Theory]
    [InlineData(false)]   // n > d: QR of the design
    [InlineData(true)]    // n < d: QR of its transpose (the paper profile's wide taps)
    public void OneLeastSquaresFactorisationServesEveryTargetExactlyAsSeparateFits(bool wide)
    {
        var (train, test, tr, te) = ProbeFixtures.Wavelet();
        if (wide) { train = ProbeFixtures.RowsOf(train, 0, 100); tr = tr[..100]; }
        var runner = new ProbeRunner(new ProbeOptions());   // least squares, as the paper profile
        var design = runner.Prepare(train, test);
        var factors = LeastSquaresDesign.Of(design.Train, 2);
        foreach (string target in new[] { "wavelet_pitch", "wavelet_velocity", "wavelet_pitch" })
        {
            var t = ProbeFixtures.Doubles(target);
            double[] yTrain = tr.Select(i => t[i]).ToArray(), yTest = te.Select(i => t[i]).ToArray();
            var shared = runner.Regress(design, yTrain, yTest);
            var alone = runner.Regress(train, yTrain, test, yTest);
            Assert.Equal(alone.TestScore, shared.TestScore);
            Assert.Equal(alone.TrainScore, shared.TrainScore);
            Assert.Equal(alone.Rank, shared.Rank);
            // the factorisation is left as it was by every solve: the third target (pitch again) is still exact
            var own = new LinearProbe(new LinearProbeOptions()).Fit(design.Train, yTrain);
            var reused = new LinearProbe(new LinearProbeOptions()).Fit(design.Train, yTrain, sharedLeastSquares: factors);
            Assert.Equal(own.Coefficients, reused.Coefficients);
            Assert.Equal(own.Intercept, reused.Intercept);
        }
    }

    [Fact]
    public void RecoversPlantedWeightsExactlyWithoutNoise()
    {
        var rng = new Random(3);
        var x = new Matrix(50, 4);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = (float)rng.NextDouble();
        var y = Enumerable.Range(0, 50).Select(i => 2.0 * x[i, 0] - 1.0 * x[i, 1] + 0.5 * x[i, 3] + 7).ToArray();
        var fit = new LinearProbe(new LinearProbeOptions()).Fit(x, y);
        NumAssert.AllClose([2.0, -1.0, 0.0, 0.5], fit.Coefficients, 0, 1e-10, "w");
        Assert.Equal(7.0, fit.Intercept, 1e-10);
    }

    [Fact]
    public void AWideDesignOfProvenRankTakesTheGramPathAndEqualsTheSvd()
    {
        var x = ProbeFixtures.RowsOf(ProbeFixtures.Features("planted_linear_wide_x"), 0, 60);   // 60 × 150
        var y = ProbeFixtures.Doubles("planted_linear_wide_y")[..60];
        var design = LeastSquaresDesign.Of(x, 2);
        Assert.True(design.ProvenFullRank);
        var gram = new LinearProbe(new LinearProbeOptions()).Fit(x, y, sharedLeastSquares: design);
        // a cutoff below the default is outside the proof, so this fit goes through the QR + SVD of the same design
        double below = 0.5 * 150 * 2.220446049250313e-16;
        var svd = new LinearProbe(new LinearProbeOptions { RankTolerance = below }).Fit(x, y, sharedLeastSquares: design);
        Assert.Equal(59, gram.Rank);
        Assert.Equal(59, svd.Rank);
        double scale = svd.Coefficients.Max(Math.Abs);
        for (int j = 0; j < 150; j++) Assert.True(Math.Abs(gram.Coefficients[j] - svd.Coefficients[j]) <= 1e-11 * scale, $"w[{j}]");
        Assert.Equal(svd.Intercept, gram.Intercept, 1e-10 * Math.Abs(svd.Intercept));
        // thread count does not change the Gram path's bits
        var one = new LinearProbe(new LinearProbeOptions()).Fit(x, y, sharedLeastSquares: LeastSquaresDesign.Of(x, 1));
        Assert.Equal(gram.Coefficients, one.Coefficients);
    }

    [Fact]
    public void AWideDesignWithRepeatedRowsFallsBackToTheSvdAndItsRankCut()
    {
        var x = ProbeFixtures.RowsOf(ProbeFixtures.Features("planted_linear_wide_x"), 0, 60);
        x.Row(3).CopyTo(x.Row(41));   // a repeated training row: the centred design has rank 58, not 59
        var y = ProbeFixtures.Doubles("planted_linear_wide_y")[..60];
        y[41] = y[3];
        var design = LeastSquaresDesign.Of(x, 2);
        Assert.False(design.ProvenFullRank);
        var fit = new LinearProbe(new LinearProbeOptions()).Fit(x, y, sharedLeastSquares: design);
        Assert.Equal(58, fit.Rank);
        Assert.True(ProbeMetrics.Rmse(y, fit.Predict(x)) < 1e-9);   // still interpolates the (consistent) training set
    }
}
