namespace Concord.Experiments;

/// <summary>How a pipeline stage or an experiment ended.</summary>
public enum StageStatus
{
    /// <summary>Ran and finished (computed or fully reused from the cache).</summary>
    Done,
    /// <summary>Switched off in the config.</summary>
    Off,
    /// <summary>Requested but could not be measured (a missing component or input); the reason is recorded.</summary>
    NotMeasured,
    /// <summary>Started and failed with an error.</summary>
    Failed,
}
