using System.Numerics;
using static TorchSharp.torch;

namespace Concord.Torch.Data;

/// <summary>Builds model input batches [B, 1, mels, frames] from cache rows, z-scored with a scalar mean and std.</summary>
internal sealed class InputBatches(MelCache cache, double mean, double std, Device device)
{
    /// <summary>(x − mean)/std for the examples <paramref name="indices"/>, on the device, in the current dispose scope.
    /// The rows are read straight into the tensor's own (libtorch-allocated) memory and normalised in place.</summary>
    public Tensor Load(ReadOnlySpan<int> indices)
    {
        var t = empty(new long[] { indices.Length, 1, cache.Mels, cache.Frames }, ScalarType.Float32);
        var span = TensorMemory.Floats(t);
        cache.ReadExamples(indices, span);
        float m = (float)mean, inv = (float)(1.0 / std);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vm = new Vector<float>(m);
            var vinv = new Vector<float>(inv);
            for (; i + Vector<float>.Count <= span.Length; i += Vector<float>.Count)
                ((new Vector<float>(span[i..]) - vm) * vinv).CopyTo(span[i..]);
        }
        for (; i < span.Length; i++) span[i] = (span[i] - m) * inv;
        return device.type == TorchSharp.DeviceType.CPU ? t : t.to(device);
    }
}
