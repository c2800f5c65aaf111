namespace Concord.Onnx;

/// <summary>One tensor of an ONNX graph that a layer selector can name: the output of a node.</summary>
/// <param name="Name">The tensor's name in the graph (what <c>layers</c> lists).</param>
/// <param name="OpType">The producing node's operator, e.g. Conv, Relu, MaxPool.</param>
/// <param name="Node">The producing node's name (may be empty).</param>
/// <param name="Index">Position of the producing node in the graph (topological order).</param>
public sealed record OnnxTensor(string Name, string OpType, string Node, int Index);
