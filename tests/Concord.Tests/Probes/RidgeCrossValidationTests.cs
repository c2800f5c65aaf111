using Concord.Numerics;
using Concord.Probes;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Probes;

/// <summary>Parity of the corrected profile's regression probe with sklearn 1.2 <c>RidgeCV</c> (tests/reference/make_ridge.py).</summary>
public class RidgeCrossValidationTests
{
    private static (Matrix Train, double[] TrainY, Matrix Test, double[] TestY) Case(string name)
    {
        switch (name)
        {
            case "ridge_cv_planted":
            case "ridge_cv_wide":
            {
                string src = name == "ridge_cv_planted" ? "planted_linear" : "planted_linear_wide";
                int nTrain = name == "ridge_cv_planted" ? 200 : 60;
                var x = ProbeFixtures.Features(src + "_x");
                var y = ProbeFixtures.Doubles(src + "_y");
                return (ProbeFixtures.RowsOf(x, 0, nTrain), y[..nTrain], ProbeFixtures.RowsOf(x, nTrain, x.Rows - nTrain), y[nTrain..]);
            }
            default:
            {
                var (train, test, tr, te) = ProbeFixtures.Wavelet();
                var t = ProbeFixtures.Doubles(name == "ridge_cv_wavelet_pitch" ? "wavelet_pitch" : "wavelet_velocity");
                return (train, tr.Select(i => t[i]).ToArray(), test, te.Select(i => t[i]).ToArray());
            }
        }
    }

    [Theory]
    [InlineData("ridge_cv_planted")]          // n = 200 > d = 24
    [InlineData("ridge_cv_wide")]             // n = 60 < d = 150
    [InlineData("ridge_cv_wavelet_pitch")]    // NSynth fixture, 168 × 128
    [InlineData("ridge_cv_wavelet_velocity")]
    public void EqualsSklearnRidgeCv(string name)
    {
        var j = ProbeFixtures.Json(name);
        var grid = ProbeFixtures.Vector(j.GetProperty("alphas"));
        Assert.Equal(RidgeCrossValidation.DefaultAlphas, grid, (a, b) => Math.Abs(a - b) <= 1e-12 * b);
        var (train, trainY, test, testY) = Case(name);
        var runner = new ProbeRunner(new ProbeOptions { Linear = LinearProbeOptions.CrossValidatedRidge });
        var (tr, te) = Standardiser.Apply(train, test, StandardizationMode.TrainFit);

        var cv = RidgeCrossValidation.Select(tr, trainY, grid);
        NumAssert.AllClose(ProbeFixtures.Vector(j.GetProperty("loo_mse")), [.. cv.LooMse], 1e-6, 0, "leave-one-out MSE per alpha");
        Assert.Equal(j.GetProperty("alpha").GetDouble(), cv.Alpha);
        Assert.Equal(-j.GetProperty("best_score").GetDouble(), cv.LooMse.Min(), 1e-6 * cv.LooMse.Min());

        var fit = new LinearProbe(LinearProbeOptions.CrossValidatedRidge).Fit(tr, trainY);
        Assert.Equal(cv.Alpha, fit.Alpha);
        NumAssert.AllClose(ProbeFixtures.Vector(j.GetProperty("coef")), fit.Coefficients, 1e-6, 1e-9, "coef");
        var e = runner.Regress(train, trainY, test, testY);
        double expected = j.GetProperty("test_rmse").GetDouble();
        Assert.True(Math.Abs(e.TestScore - expected) <= 1e-6 * expected, $"test RMSE {e.TestScore:R} vs sklearn {expected:R}");
        Assert.Equal(ProbeMethod.RidgeCv, e.Method);
        Assert.Equal(cv.Alpha, e.Alpha);
        Assert.False(e.Degenerate);
        Assert.Equal(j.GetProperty("mean_predictor_rmse").GetDouble(), e.Baseline, 1e-9 * e.Baseline);
    }

    [Fact]
    public void WideDesignIsDegenerateForLeastSquaresOnlyAndRidgeCvBeatsIt()
    {
        var (train, trainY, test, testY) = Case("ridge_cv_wide");   // d = 150 ≥ n = 60
        var ls = new ProbeRunner(new ProbeOptions()).Regress(train, trainY, test, testY);
        Assert.Equal(ProbeMethod.LeastSquares, ls.Method);
        Assert.True(ls.Degenerate);
        Assert.True(ls.TrainScore < 1e-6, $"least squares interpolates: train RMSE {ls.TrainScore}");
        var cv = new ProbeRunner(new ProbeOptions { Linear = LinearProbeOptions.CrossValidatedRidge }).Regress(train, trainY, test, testY);
        Assert.False(cv.Degenerate);
        Assert.True(cv.TrainScore > 0);

        // n > d + 1: not degenerate; the boundary is d + 1 = n (intercept counted as a parameter).
        Assert.False(ProbeEvaluation.IsDegenerateLeastSquares(ProbeMethod.LeastSquares, 58, 60));
        Assert.True(ProbeEvaluation.IsDegenerateLeastSquares(ProbeMethod.LeastSquares, 59, 60));
        Assert.False(ProbeEvaluation.IsDegenerateLeastSquares(ProbeMethod.Ridge, 500, 60));
    }

    [Theory]
    [InlineData(false)]   // n > d: the feature-space factorisation
    [InlineData(true)]    // n ≤ d: the sample-space one
    public void OneFactorisationServesEveryTargetAsSeparateFitsDo(bool wide)
    {
        // pitch and velocity of the wavelet fixture on one design; the wide case keeps 100 training rows of 128 columns.
        var (train, test, tr, te) = ProbeFixtures.Wavelet();
        if (wide) { train = ProbeFixtures.RowsOf(train, 0, 100); tr = tr[..100]; }
        var pitch = ProbeFixtures.Doubles("wavelet_pitch");
        var velocity = ProbeFixtures.Doubles("wavelet_velocity");
        var runner = new ProbeRunner(new ProbeOptions { Linear = LinearProbeOptions.CrossValidatedRidge });
        var design = runner.Prepare(train, test);
        foreach (var t in new[] { pitch, velocity })
        {
            double[] yTrain = tr.Select(i => t[i]).ToArray(), yTest = te.Select(i => t[i]).ToArray();
            var shared = runner.Regress(design, yTrain, yTest);
            var alone = runner.Regress(train, yTrain, test, yTest);
            Assert.Equal(alone.TestScore, shared.TestScore);
            Assert.Equal(alone.TrainScore, shared.TrainScore);
            Assert.Equal(alone.Alpha, shared.Alpha);
            // and it is the ridge solution sklearn's Ridge(alpha) gives: the normal equations hold at the chosen α
            var fit = new LinearProbe(LinearProbeOptions.CrossValidatedRidge).Fit(design.Train, yTrain);
            var residual = Enumerable.Range(0, design.Train.Rows).Select(i => yTrain[i] - fit.Predict(design.Train)[i]).ToArray();
            for (int j = 0; j < design.Train.Cols; j += 17)
            {
                double grad = 0, mean = 0;
                for (int i = 0; i < design.Train.Rows; i++) mean += design.Train[i, j];
                mean /= design.Train.Rows;
                for (int i = 0; i < design.Train.Rows; i++) grad += (design.Train[i, j] - mean) * residual[i];
                Assert.True(Math.Abs(grad - fit.Alpha * fit.Coefficients[j]) <= 1e-8 * Math.Max(1, Math.Abs(grad)), $"column {j}: X_cᵀr {grad} vs αw {fit.Alpha * fit.Coefficients[j]}");
            }
            Assert.True(Math.Abs(residual.Sum()) < 1e-8 * residual.Length, "the intercept centres the residuals");
        }
    }

    [Fact]
    public void RejectsBadGrid()
    {
        Assert.Contains(new LinearProbeOptions { RidgeAlphas = [1, 0] }.Validate(), m => m.Contains("RidgeAlphas"));
        Assert.Throws<ArgumentException>(() => RidgeCrossValidation.Select(new Matrix(1, 2), [1.0], [1.0]));
    }
}
