namespace Concord.Onnx;

/// <summary>Progress of an ONNX extraction: examples done out of the total over all splits.</summary>
public sealed record OnnxExtractionProgress(int Done, int Total);
