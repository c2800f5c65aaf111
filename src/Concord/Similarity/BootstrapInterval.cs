namespace Concord.Similarity;

/// <summary>Percentile bootstrap interval of linear CKA over examples (rows resampled with replacement, seeded).</summary>
public sealed record BootstrapInterval(
    int Resamples,
    int Seed,
    double Level,
    double BiasedLow,
    double BiasedHigh,
    double DebiasedLow,
    double DebiasedHigh);
