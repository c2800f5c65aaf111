namespace Concord.Experiments;

/// <summary>The verdict on one of the paper's findings for one run.</summary>
public enum FindingStatus
{
    /// <summary>The run's numbers satisfy the finding's criterion.</summary>
    Holds,
    /// <summary>The run's numbers contradict the criterion.</summary>
    DoesNotHold,
    /// <summary>The results needed to test it were not produced by this run.</summary>
    NotMeasured,
    /// <summary>The results exist but a precondition of the finding fails (e.g. the trained networks sit at chance), so
    /// the numbers cannot confirm or contradict it; the evidence gives the reason.</summary>
    NotAssessable,
}
