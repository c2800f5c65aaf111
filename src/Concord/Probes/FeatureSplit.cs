using Concord.Numerics;

namespace Concord.Probes;

/// <summary>Features of one network (or hand-crafted set) for the train and test examples.</summary>
/// <param name="FeatureSet">Feature set name.</param>
/// <param name="Layer">Layer or tap name ("" for hand-crafted features).</param>
/// <param name="Seed">Initialisation seed.</param>
/// <param name="Train">Training features [n_train, d].</param>
/// <param name="Test">Test features [n_test, d].</param>
/// <param name="TrainedOn">Task the network was trained on (e.g. "instrument"), or null for hand-crafted features.</param>
public sealed record FeatureSplit(string FeatureSet, string Layer, int Seed, string? TrainedOn, Matrix Train, Matrix Test);
