using Concord.Similarity;

namespace Concord.Tests.Similarity;

/// <summary>Kornblith et al.'s demo values and the study's formula, from tests/reference/make_similarity.py.</summary>
public class GoldenValueTests
{
    private static readonly Representation X = SimilarityTestData.Load("kornblith_x");
    private static readonly Representation Y = SimilarityTestData.Load("kornblith_y");

    [Fact]
    public void LinearCkaMatchesKornblithDemoToFiveDecimals()
    {
        var g = SimilarityTestData.Golden("kornblith");
        var r = LinearCka.Compute(X, Y);
        Assert.Equal(0.55761, r.Biased, 5);
        Assert.Equal(0.51346, r.Debiased, 5);
        Assert.Equal(g.G("linear_cka"), r.Biased, 12);
        Assert.Equal(g.G("linear_cka_debiased"), r.Debiased, 12);
        Assert.Equal(100, r.Dimensions.N);
    }

    [Fact]
    public void GramFormMatchesReferenceGramCka()
    {
        var g = SimilarityTestData.Golden("kornblith");
        var r = LinearCka.Compute(X, Y, new SimilarityOptions { CkaForm = LinearCkaForm.Gram });
        Assert.Equal(LinearCkaForm.Gram, r.Form);
        Assert.Equal(g.G("linear_cka_gram"), r.Biased, 12);
        Assert.Equal(g.G("linear_cka_gram_debiased"), r.Debiased, 12);
    }

    [Fact]
    public void RbfCkaMatchesKornblithDemo()
    {
        var g = SimilarityTestData.Golden("kornblith");
        var r = RbfCka.Compute(X, Y, new SimilarityOptions { RbfThreshold = 0.5 });
        Assert.Equal(0.65483, r.Biased, 5);
        Assert.Equal(g.G("rbf_cka_0_5"), r.Biased, 12);
        Assert.Equal(g.G("rbf_cka_0_5_debiased"), r.Debiased, 12);
    }

    [Fact]
    public void UncentredCcaMatchesKornblithDemoAndCentredMatchesNumpy()
    {
        var g = SimilarityTestData.Golden("kornblith");
        var raw = Cca.Compute(X, Y, new SimilarityOptions { CentreInputs = false });
        Assert.Equal(0.54312, raw.R2, 5);
        Assert.Equal(g.G("cca_r2_uncentred"), raw.R2, 12);
        var c = Cca.Compute(X, Y);
        Assert.True(c.Centred);
        Assert.Equal(g.G("cca_r2"), c.R2, 12);
        Assert.Equal(g.G("cca_rho"), c.Rho, 12);
        Assert.Equal(10, c.Denominator);
    }

    [Fact]
    public void RegressionAndSvccaMatchNumpy()
    {
        var g = SimilarityTestData.Golden("kornblith");
        var lr = LinearRegressionSimilarity.Compute(X, Y);
        Assert.Equal(g.G("lr_x_given_y"), lr.XGivenY, 12);
        Assert.Equal(g.G("lr_y_given_x"), lr.YGivenX, 12);
        var sv = Svcca.Compute(X, Y);
        Assert.Equal(g.G("svcca", "r2"), sv.R2, 10);
        Assert.Equal(g.G("svcca", "rho"), sv.Rho, 10);
        Assert.Equal((int)g.G("svcca", "tx"), sv.KeptX);
    }

    [Fact]
    public void StudyNormaliserReproducesItsFormula()
    {
        var g = SimilarityTestData.Golden("study");
        var sx = SimilarityTestData.Load("study_x"); var sy = SimilarityTestData.Load("study_y");
        var paper = Cca.Compute(sx, sy, SimilarityOptions.Paper);
        Assert.Equal(CcaNormalizer.FirstDimension, paper.Normalizer);
        Assert.Equal(9, paper.Denominator);
        Assert.Equal(g.G("cca_r2_first_dimension"), paper.R2, 6);
        Assert.Equal(g.G("cca_rho_first_dimension"), paper.Rho, 6);
        var corrected = Cca.Compute(sx, sy);
        Assert.Equal(g.G("cca_r2_min_dimension"), corrected.R2, 10);
        Assert.Equal(g.G("cca_rho_min_dimension"), corrected.Rho, 10);
        var lr = LinearRegressionSimilarity.Compute(sx, sy);
        Assert.Equal(g.G("lr_x_given_y"), lr.XGivenY, 10);
        Assert.Equal(g.G("lr_y_given_x"), lr.YGivenX, 10);
        var sv = Svcca.Compute(sx, sy);
        Assert.Equal((int)g.G("svcca", "tx"), sv.KeptX);
        Assert.Equal((int)g.G("svcca", "ty"), sv.KeptY);
        Assert.Equal(g.G("svcca", "retained_x"), sv.RetainedVarianceX, 10);
        Assert.Equal(g.G("svcca", "r2"), sv.R2, 10);
        Assert.Equal(g.G("svcca", "rho"), sv.Rho, 10);
        var cka = LinearCka.Compute(sx, sy);
        Assert.Equal(g.G("linear_cka"), cka.Biased, 12);
        Assert.Equal(g.G("linear_cka_debiased"), cka.Debiased, 12);
    }
}
