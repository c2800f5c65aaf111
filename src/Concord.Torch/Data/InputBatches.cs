using static TorchSharp.torch;

namespace Concord.Torch.Data;

/// <summary>Builds model input batches [B, 1, mels, frames] from cache rows, z-scored with a scalar mean and std.</summary>
internal sealed class InputBatches(MelCache cache, double mean, double std, Device device)
{
    /// <summary>(x − mean)/std for the examples <paramref name="indices"/>, on the device, in the current dispose scope.</summary>
    public Tensor Load(ReadOnlySpan<int> indices)
    {
        int len = cache.ExampleLength;
        // A fresh array per batch: torch.tensor may keep referring to the managed memory.
        var data = new float[indices.Length * len];
        var span = data.AsSpan();
        cache.ReadExamples(indices, span);
        float m = (float)mean, inv = (float)(1.0 / std);
        for (int i = 0; i < span.Length; i++) span[i] = (span[i] - m) * inv;
        var t = tensor(data, new long[] { indices.Length, 1, cache.Mels, cache.Frames });
        return device.type == TorchSharp.DeviceType.CPU ? t : t.to(device);
    }
}
