namespace Concord.Probes;

/// <summary>A target to decode: classification labels (integral values) or regression targets, per split.</summary>
public sealed record DecodingTask(string Name, ProbeKind Kind, double[] Train, double[] Test);
