using System.Runtime.InteropServices;
using TorchSharp;

namespace Concord.Torch;

/// <summary>Raw access to a CPU tensor's elements (TorchSharp exposes only copies): libtorch's <c>data_ptr()</c>.</summary>
internal static unsafe class TensorMemory
{
    [DllImport("LibTorchSharp", EntryPoint = "THSTensor_data")]
    private static extern IntPtr TensorData(IntPtr handle);

    /// <summary>The first element of <paramref name="t"/>; valid while the tensor is alive and not resized.</summary>
    public static void* Data(torch.Tensor t)
    {
        IntPtr p = TensorData(t.Handle);
        if (p == IntPtr.Zero) throw new InvalidOperationException("libtorch returned no data pointer for a tensor");
        return (void*)p;
    }

    /// <summary>The elements of a contiguous CPU float32 tensor as a span (length = numel).</summary>
    public static Span<float> Floats(torch.Tensor t)
    {
        if (t.device_type != DeviceType.CPU || t.dtype != torch.ScalarType.Float32 || !t.is_contiguous())
            throw new ArgumentException("expected a contiguous CPU float32 tensor", nameof(t));
        return new Span<float>(Data(t), checked((int)t.numel()));
    }
}
