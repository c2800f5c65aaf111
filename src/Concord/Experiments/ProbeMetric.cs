namespace Concord.Experiments;

/// <summary>The metric a probe result reports.</summary>
public enum ProbeMetric
{
    /// <summary>Classification accuracy in percent (higher is better).</summary>
    AccuracyPercent,
    /// <summary>Root-mean-square error on the raw target scale (lower is better).</summary>
    Rmse,
}
