using Concord.Similarity;

namespace Concord.Tests.Similarity;

public class SimilarityMemoryTests
{
    /// <summary>
    /// The estimate follows the CKA form the pair takes: for a wide pair (p &gt; n) the Gram form's two n × n matrices and the
    /// n × n moment null, for a tall one the feature-space cross products and the QR factors of R²_LR and CCA. Against the bytes the pair allocates (the representations, then every byte the computation asks the
    /// managed heap for on one thread, which is at least its peak): not below half of them, and not above four times them
    /// — a wide pair's estimate used to count a 1 GiB feature-space strip it never allocates, so the memory gate kept
    /// tasks waiting that would have fitted.
    /// </summary>
    [Theory]
    [InlineData(120, 1500, 30, false)]
    [InlineData(900, 40, 25, true)]
    public void TheEstimateFollowsTheFormAndStaysNearWhatAPairAllocates(int n, int px, int py, bool factored)
    {
        var x = SimilarityTestData.Relu(n, px, 1); var y = SimilarityTestData.Relu(n, py, 2);
        var options = new SimilarityOptions
        {
            Measures = factored ? [SimilarityMeasure.LinearCka, SimilarityMeasure.LinearRegression, SimilarityMeasure.Cca] : [SimilarityMeasure.LinearCka],
            Null = factored ? CkaNull.None : CkaNull.Moments, Threads = 1,   // (each side's moment arrays are freed before the other's: counted twice here)
        };
        var estimate = SimilarityMemory.Estimate(n, px, py, options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var report = SimilarityAnalysis.Compute(x, y, options);
        long used = 8L * n * (px + py) + GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(factored ? LinearCkaForm.FeatureSpace : LinearCkaForm.Gram, report.LinearCka!.Form);
        Assert.Equal(!factored, report.MomentNull is not null);
        Assert.InRange(estimate.Bytes, used / 2, 4 * used);
        var cross = Assert.Single(estimate.Parts, p => p.What is "Gram matrices, float64" or "cross products");
        Assert.Equal(factored ? 8L * (px * py + px * px + py * py) : 2L * n * n * 8, cross.Bytes);
    }
}
