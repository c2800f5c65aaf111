namespace Concord.Probes;

/// <summary>Which statistics z-score the test features.</summary>
public enum StandardizationMode
{
    /// <summary>Mean and population SD from the training features, applied to both sets (default; no leak).</summary>
    TrainFit,
    /// <summary>
    /// Paper quirk (METHOD.md §7.1, §10 item 5): the training set is scaled with its own statistics and the test set
    /// with a second scaler fitted on the test set itself, as the study's <c>Classify-*</c> notebooks did.
    /// </summary>
    TestSelf,
}
