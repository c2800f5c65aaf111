namespace Concord.Onnx;

/// <summary>What an ONNX extraction wrote: one file per layer and split, and the manifest describing them.</summary>
public sealed record OnnxExtractionResult(string ModelPath, IReadOnlyList<LayerFile> Files, string ManifestPath);
