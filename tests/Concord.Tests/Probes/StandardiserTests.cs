using Concord.Numerics;
using Concord.Probes;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Probes;

public class StandardiserTests
{
    [Fact]
    public void TrainStatisticsMatchSklearnStandardScaler()
    {
        var (train, test, _, _) = ProbeFixtures.Wavelet();
        var j = ProbeFixtures.Json("wavelet_scaler");
        var s = Standardiser.Fit(train);
        // Statistics are accumulated in double over float32 inputs, as sklearn on the float64 cast: agree to rounding.
        NumAssert.AllClose(ProbeFixtures.Vector(j.GetProperty("mean")), s.Mean.ToArray(), 1e-10, 1e-10, "mean");
        NumAssert.AllClose(ProbeFixtures.Vector(j.GetProperty("scale")), s.Scale.ToArray(), 1e-9, 0, "scale");
        var t = Standardiser.Fit(test);
        NumAssert.AllClose(ProbeFixtures.Vector(j.GetProperty("test_self_mean")), t.Mean.ToArray(), 1e-10, 1e-10, "test mean");
        NumAssert.AllClose(ProbeFixtures.Vector(j.GetProperty("test_self_scale")), t.Scale.ToArray(), 1e-9, 0, "test scale");
    }

    [Fact]
    public void ZeroVarianceColumnGetsScaleOneAndIsOnlyCentred()
    {
        var x = Matrix.FromRows([[1f, 7f], [3f, 7f], [5f, 7f]]);
        var s = Standardiser.Fit(x);
        Assert.Equal(1.0, s.Scale[1]);
        Assert.Equal(Math.Sqrt(8.0 / 3), s.Scale[0], 12);   // population SD of {1, 3, 5}
        var z = s.Transform(x);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(0f, z[i, 1]));
    }

    [Fact]
    public void TestSelfModeHidesAShiftThatTrainFitShows()
    {
        var rng = new Random(5);
        var train = new Matrix(200, 3);
        var test = new Matrix(100, 3);
        for (int i = 0; i < train.Data.Length; i++) train.Data[i] = (float)(rng.NextDouble() * 2 - 1);
        for (int i = 0; i < test.Data.Length; i++) test.Data[i] = (float)(rng.NextDouble() * 2 - 1 + 4.0);   // shifted by 4
        var (_, fair) = Standardiser.Apply(train, test, StandardizationMode.TrainFit);
        var (_, leaky) = Standardiser.Apply(train, test, StandardizationMode.TestSelf);
        double fairMean = fair.Data.Average(v => (double)v), leakyMean = leaky.Data.Average(v => (double)v);
        Assert.True(fairMean > 5, $"train-fit keeps the shift visible (mean {fairMean})");
        Assert.True(Math.Abs(leakyMean) < 1e-6, $"test-self re-centres the test set (mean {leakyMean})");
    }
}
