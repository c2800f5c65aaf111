using Microsoft.ML.OnnxRuntime;

namespace Concord.Onnx;

/// <summary>Lists every tensor of a network with its shape for an input of H×W: one forward pass of a zero input with
/// every node output made a graph output (on an in-memory copy). What <c>concord onnx-layers</c> prints.</summary>
public static class OnnxLayerLister
{
    public static IReadOnlyList<OnnxLayerShape> List(OnnxModel model, int height, int width, InputLayout layout)
    {
        var options = new OnnxInputOptions { Layout = layout };
        var adapter = new InputAdapter(model, height, width, sourceIsPower: false, options, $"size {height}×{width}");
        int batch = adapter.FixedBatch ?? 1;
        long[] shape = [batch, .. adapter.Shape];
        var input = new float[batch * height * width];
        var auto = model.Resolve([OnnxExtractionOptions.Auto]).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        using var session = model.CreateSession(model.Tensors, threads: 1);
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [model.InputName], [value], model.Tensors.Select(t => t.Name).ToArray());
        var result = new List<OnnxLayerShape>();
        for (int i = 0; i < model.Tensors.Count; i++)
        {
            var o = outputs[i];
            if (o.OnnxType != OnnxValueType.ONNX_TYPE_TENSOR) { result.Add(new OnnxLayerShape(model.Tensors[i], [], o.OnnxType.ToString(), false)); continue; }
            var info = o.GetTensorTypeAndShape();
            result.Add(new OnnxLayerShape(model.Tensors[i], info.Shape, info.ElementDataType.ToString().ToLowerInvariant(), auto.Contains(model.Tensors[i].Name)));
        }
        return result;
    }
}
