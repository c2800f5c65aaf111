namespace Concord.Torch.Activations;

/// <summary>Progress of an extraction: examples done out of the total (train + test).</summary>
public sealed record ExtractionProgress(int Done, int Total);
