namespace Concord.Onnx;

/// <summary>One written activation array: <c>Path</c> holds [Rows, Width] for the examples of <c>Split</c> in split
/// order. <c>Layer</c> is the tensor's name in the graph, <c>OpType</c> the producing node's operator, <c>Shape</c> the
/// tensor's shape for one example (without the batch dimension), and <c>ChannelMean</c> whether it was averaged over its
/// channel dimension (Width is then the product of Shape[1..]).</summary>
public sealed record LayerFile(string Layer, string OpType, string Split, string Path, long Rows, long Width, IReadOnlyList<long> Shape, bool ChannelMean);
