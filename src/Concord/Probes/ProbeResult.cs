namespace Concord.Probes;

/// <summary>One probe outcome labelled with what was decoded from what.</summary>
/// <param name="FeatureSet">Feature set name (e.g. "Regular", "Mean Wavelet (25)").</param>
/// <param name="Layer">Layer or tap name ("conv3"), or "" for hand-crafted features.</param>
/// <param name="Seed">Network initialisation seed (or probe seed for hand-crafted features).</param>
/// <param name="Task">Decoded target task ("instrument", "pitch", …).</param>
/// <param name="Evaluation">The probe outcome.</param>
/// <param name="TrainedOn">Task the feature network was trained on (robustness matrix), or null.</param>
public sealed record ProbeResult(string FeatureSet, string Layer, int Seed, string Task, ProbeEvaluation Evaluation, string? TrainedOn = null)
{
    public ProbeMethod Solver => Evaluation.Method;
}
