namespace Concord.Experiments;

/// <summary>
/// Mutual information (nats) of one column of a hand-crafted feature with the class, on the training split
/// (Fig. 14; scikit-learn's <c>mutual_info_classif</c> estimator). One row of <c>mutual_information</c>.
/// </summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Task">The class task.</param>
/// <param name="FeatureSet">The feature.</param>
/// <param name="Column">Column index within the feature (e.g. the mel bin).</param>
/// <param name="Value">Estimated mutual information, ≥ 0.</param>
/// <param name="N">Training examples used.</param>
/// <param name="Neighbors">k of the estimator.</param>
/// <param name="Seed">Jitter seed.</param>
/// <param name="ArtefactHash">Content hash (the upsert key).</param>
public sealed record MutualInformationRecord(string Dataset, string Task, string FeatureSet, int Column, double Value, int N, int Neighbors, int Seed, string ArtefactHash);
