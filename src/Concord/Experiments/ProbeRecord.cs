namespace Concord.Experiments;

/// <summary>
/// One decoding (probe) result: a representation decoded for a target task, on train and test.
/// One row of the <c>probe_results</c> table.
/// </summary>
/// <param name="Experiment">Experiment id (see <see cref="ExperimentIds"/>).</param>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Profile">Profile name (paper | corrected).</param>
/// <param name="Task">Target task decoded.</param>
/// <param name="Source">What was decoded.</param>
/// <param name="Metric">Accuracy (%) or RMSE.</param>
/// <param name="Train">Metric on the training split.</param>
/// <param name="Test">Metric on the test split.</param>
/// <param name="NTrain">Training examples.</param>
/// <param name="NTest">Test examples.</param>
/// <param name="ArtefactHash">Content hash of the inputs and options that produced this row (the upsert key).</param>
/// <param name="Degenerate">Regression only: unregularised least squares with p = d + 1 ≥ n_train, which interpolates the
/// training set (<see cref="Concord.Probes.ProbeEvaluation.IsDegenerateLeastSquares"/>); the report greys the cell and no
/// finding uses it.</param>
public sealed record ProbeRecord(
    string Experiment,
    string Dataset,
    string Profile,
    string Task,
    Representation Source,
    ProbeMetric Metric,
    double Train,
    double Test,
    int NTrain,
    int NTest,
    string ArtefactHash,
    bool Degenerate = false);
