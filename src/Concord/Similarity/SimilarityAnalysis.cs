namespace Concord.Similarity;

/// <summary>
/// Computes the requested similarity measures for one pair of representations, with calibration: linear CKA (biased
/// and debiased), RBF CKA, regression R² both ways, CCA and SVCCA (sharing one QR per side), and optionally a seeded
/// permutation p-value and bootstrap interval for linear CKA.
/// </summary>
public static class SimilarityAnalysis
{
    /// <exception cref="ConcordException">Invalid options or bad input; the message names the matrix and the problem.</exception>
    public static SimilarityReport Compute(Representation x, Representation y, SimilarityOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return Compute(new HeldRepresentation(x, options.Threads), y, options, progress);
    }

    /// <summary>
    /// The same for a representation compared with many (<see cref="HeldRepresentation"/>): what depends on
    /// <paramref name="held"/> alone is computed at its first pair and reused, with identical results.
    /// </summary>
    /// <exception cref="ConcordException">Invalid options or bad input; the message names the matrix and the problem.</exception>
    public static SimilarityReport Compute(HeldRepresentation held, Representation y, SimilarityOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var x = held.Source;
        var measures = options.Measures.ToHashSet();
        var cx = held.Centred; var cy = CentredMatrix.Create(y, threads: options.Threads);
        CentredMatrix.RequireSameRows(cx, cy);
        CkaResult? cka = null, rbf = null;
        PermutationResult? perm = null; BootstrapInterval? boot = null;
        MomentNullResult? moments = null;
        bool wantCka = measures.Contains(SimilarityMeasure.LinearCka) || options.Permutations > 0 || options.Bootstrap > 0 || options.Null == CkaNull.Moments;
        if (wantCka)
        {
            progress?.Report("linear CKA");
            (cka, var terms) = LinearCka.ComputeWithTerms(cx, cy, options);
            if (options.Null == CkaNull.Moments)
            {
                progress?.Report("permutation moments");
                moments = CkaMomentNull.Compute(cx, cy, cka.Biased, options);
            }
            if (options.Permutations > 0)
            {
                progress?.Report($"{options.Permutations} permutations");
                // The permutation statistic is the feature-space one; reuse its denominators when that form was used.
                var featureTerms = cka.Form == LinearCkaForm.FeatureSpace ? terms : LinearCka.FeatureTerms(cx, cy, options);
                perm = CkaCalibration.Permutation(cx, cy, featureTerms, options.Permutations, options.Seed, options.Threads);
            }
            if (options.Bootstrap > 0)
            {
                progress?.Report($"{options.Bootstrap} bootstrap resamples");
                boot = CkaCalibration.Bootstrap(cx, cy, options.Bootstrap, options.Seed, options);
            }
        }
        if (measures.Contains(SimilarityMeasure.RbfCka)) { progress?.Report("RBF CKA"); rbf = RbfCka.Compute(cx, cy, options); }
        RegressionSimilarityResult? lr = null; CcaResult? cca = null; SvccaResult? svcca = null;
        if (measures.Contains(SimilarityMeasure.LinearRegression) || measures.Contains(SimilarityMeasure.Cca) || measures.Contains(SimilarityMeasure.Svcca))
        {
            progress?.Report("QR factorisations");
            var fx = options.CentreInputs ? cx : CentredMatrix.Create(x, centre: false, threads: options.Threads);
            var fy = options.CentreInputs ? cy : CentredMatrix.Create(y, centre: false, threads: options.Threads);
            var pair = FactorisedPair.Create(fx, fy, options, "CCA/regression");
            if (measures.Contains(SimilarityMeasure.LinearRegression)) lr = LinearRegressionSimilarity.Compute(pair, options);
            if (measures.Contains(SimilarityMeasure.Cca)) cca = Cca.Compute(pair, options);
            if (measures.Contains(SimilarityMeasure.Svcca)) svcca = Svcca.Compute(pair, options);
        }
        var dims = (SimilarityDimensions?)cca?.Dimensions ?? lr?.Dimensions ?? svcca?.Dimensions;
        if (cka is not null)
            dims = dims is null ? cka.Dimensions : dims with { ParticipationRatioX = cka.Dimensions.ParticipationRatioX, ParticipationRatioY = cka.Dimensions.ParticipationRatioY };
        dims ??= rbf!.Dimensions;
        return new SimilarityReport(x.Name, y.Name, dims, cka, rbf, lr, cca, svcca, perm, boot) { MomentNull = moments };
    }
}
