namespace Concord.Probes;

/// <summary>Classification (logistic probe, accuracy) or regression (linear probe, RMSE).</summary>
public enum ProbeKind
{
    Logistic,
    Linear,
}
