using Concord.Datasets;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Datasets;

public class SynthLearnabilityTests
{
    /// <summary>The synthetic labels are learnable but not trivial for the simple mel-band-mean baseline.</summary>
    [Fact]
    public void FamilyPitchAndVelocityAreLearnableButNotTrivial()
    {
        using var t = new TempDir();
        SynthDataset.Write(t.File("data"), new SynthDatasetOptions { Notes = 160, Seed = 0 });
        var r = DatasetPreparer.Prepare(t.File("data"), t.File("cache"), PrepareOptions.ForProfile(DatasetProfile.Corrected));
        var cache = PreparedCache.Open(r.Cache);
        var x = MelBandBaseline.MeanBandFeatures(cache);
        var train = cache.TrainIndices(); var test = cache.TestIndices();

        double accuracy = MelBandBaseline.NearestCentroidAccuracy(x, cache.LoadCodes("instrument_family"), train, test);
        Assert.InRange(accuracy, 0.25, 0.95);     // chance is 0.125; a perfect score would make the dataset trivial
        var (pitch, pitchBase) = MelBandBaseline.RidgeRmse(x, cache.LoadValues("pitch"), train, test);
        Assert.True(pitch < 0.7 * pitchBase, $"pitch RMSE {pitch:0.00} vs baseline {pitchBase:0.00}");
        Assert.True(pitch > 1, $"pitch RMSE {pitch:0.00} should not be near zero");
        var (velocity, velocityBase) = MelBandBaseline.RidgeRmse(x, cache.LoadValues("velocity"), train, test);
        Assert.True(velocity < velocityBase, $"velocity RMSE {velocity:0.00} vs baseline {velocityBase:0.00}");
    }
}
