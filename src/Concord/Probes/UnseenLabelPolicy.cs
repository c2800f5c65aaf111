namespace Concord.Probes;

/// <summary>What to do with test labels that never occur in the training labels.</summary>
public enum UnseenLabelPolicy
{
    /// <summary>
    /// Keep those test examples: the probe cannot predict an unseen class, so they count as errors in accuracy and
    /// appear as confusion-matrix rows; the count is reported (<see cref="ProbeEvaluation.UnseenTestLabels"/>).
    /// </summary>
    CountAsErrors,
    /// <summary>Refuse with a <see cref="ConcordException"/> naming the first such label.</summary>
    Reject,
}
