namespace Concord.Probes;

/// <summary>
/// A metric aggregated over seeds: mean and population SD (ddof 0, the study's <c>np.std</c>), with the number of seeds.
/// </summary>
public sealed record SeedSummary(string FeatureSet, string Layer, string Task, ProbeMethod Solver, string? TrainedOn,
    double Mean, double Sd, int N, double BaselineMean);
