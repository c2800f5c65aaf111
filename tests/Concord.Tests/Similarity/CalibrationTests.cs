using Concord.Similarity;

namespace Concord.Tests.Similarity;

/// <summary>The calibration's shortcuts give what the definitions give.</summary>
public class CalibrationTests
{
    [Fact]
    public void WeightedBootstrapEqualsCkaOfTheCopiedResamples()
    {
        // The bootstrap works on the distinct drawn rows scaled by √(multiplicity); the definition copies the drawn rows.
        int n = 90, seed = 7, resamples = 30;
        var x = SimilarityTestData.Random(n, 9, 61); var y = SimilarityTestData.Random(n, 5, 62);
        var options = new SimilarityOptions { ConfidenceLevel = 0.8, CkaForm = LinearCkaForm.FeatureSpace };
        var interval = CkaCalibration.Bootstrap(x, y, resamples, seed, options);

        var rng = new Random(seed);
        var biased = new List<double>(); var debiased = new List<double>();
        for (int r = 0; r < resamples; r++)
        {
            var idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = rng.Next(n);
            var cka = LinearCka.Compute(Rows(x, idx), Rows(y, idx), options);
            biased.Add(cka.Biased); debiased.Add(cka.Debiased);
        }
        Assert.True(biased.Distinct().Count() == resamples, "resamples should differ");
        Assert.Equal(CkaCalibration.Quantile(biased, 0.1), interval.BiasedLow, 12);
        Assert.Equal(CkaCalibration.Quantile(biased, 0.9), interval.BiasedHigh, 12);
        Assert.Equal(CkaCalibration.Quantile(debiased, 0.1), interval.DebiasedLow, 12);
        Assert.Equal(CkaCalibration.Quantile(debiased, 0.9), interval.DebiasedHigh, 12);
    }

    private static Representation Rows(Representation m, int[] idx)
    {
        var src = m.Data.Span;
        var rows = new double[idx.Length * m.Columns];
        for (int i = 0; i < idx.Length; i++) src.Slice(idx[i] * m.Columns, m.Columns).CopyTo(rows.AsSpan(i * m.Columns, m.Columns));
        return Representation.FromRows(rows, idx.Length, m.Columns);
    }
}
