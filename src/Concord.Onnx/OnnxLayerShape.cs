namespace Concord.Onnx;

/// <summary>A tensor of a network with its shape for one example of a given input size (batch dimension included, as 1).</summary>
public sealed record OnnxLayerShape(OnnxTensor Tensor, IReadOnlyList<long> Shape, string ElementType, bool Auto);
