using Concord.Similarity;

namespace Concord.Tests.Similarity;

public class HeldRepresentationTests
{
    private static double?[] Values(SimilarityReport r) =>
    [
        r.LinearCka?.Biased, r.LinearCka?.Debiased, r.RbfCka?.Biased, r.MomentNull?.Mean, r.MomentNull?.StandardDeviation, r.MomentNull?.Skewness, r.MomentNull?.PBiased,
        r.Regression?.XGivenY, r.Regression?.YGivenX, r.Cca?.R2, r.Cca?.Rho, r.Dimensions.ParticipationRatioX,
    ];

    /// <summary>
    /// A representation held against several others gives, pair by pair, the bits of comparing the plain pair — in the Gram
    /// form (wide: its n × n Gram matrix and moment invariants are reused; RBF CKA, which builds its own kernel from a Gram
    /// matrix, runs in between and must not touch the shared one) and in feature space (tall: ‖XᵀX‖²_F and the
    /// invariants reused; R²_LR and CCA beside them).
    /// </summary>
    [Theory]
    [InlineData(60, 700, false)]
    [InlineData(300, 12, true)]
    public void AHeldRepresentationGivesTheBitsOfEachPlainPair(int n, int p, bool tall)
    {
        var x = SimilarityTestData.Relu(n, p, 1);
        var options = new SimilarityOptions
        {
            Measures = tall ? [SimilarityMeasure.LinearCka, SimilarityMeasure.LinearRegression, SimilarityMeasure.Cca] : [SimilarityMeasure.LinearCka, SimilarityMeasure.RbfCka],
            Null = CkaNull.Moments, Threads = 2,
        };
        var held = new HeldRepresentation(x, threads: 2);
        foreach (var (py, seed) in new[] { (9, 2), (40, 3), (9, 4) })
        {
            var y = SimilarityTestData.Relu(n, py, seed);
            var plain = SimilarityAnalysis.Compute(x, y, options);
            var reused = SimilarityAnalysis.Compute(held, y, options);
            Assert.Equal(tall ? LinearCkaForm.FeatureSpace : LinearCkaForm.Gram, reused.LinearCka!.Form);
            Assert.NotNull(reused.MomentNull);
            Assert.Equal(Values(plain), Values(reused));
        }
        Assert.Same(x, held.Source);
        Assert.Equal((n, p), (held.Rows, held.Columns));
    }
}
