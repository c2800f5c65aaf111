using Concord.Torch.Models;

namespace Concord.Torch.Activations;

/// <summary>What an extraction wrote: one file per tap and split, the model that produced them and the BN mode used.</summary>
public sealed record ExtractionResult(ModelOptions Model, long Seed, bool Trained, bool BatchNormTrainMode, IReadOnlyList<TapFile> Files, string ManifestPath);
