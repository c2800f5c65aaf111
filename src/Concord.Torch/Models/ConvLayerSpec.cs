namespace Concord.Torch.Models;

/// <summary>A 2-D convolution's arguments as PyTorch's Conv2d takes them, tuples in (freq, time) order.</summary>
public sealed record ConvLayerSpec((int F, int T) Kernel, (int F, int T) Stride, (int F, int T) Padding, (int F, int T) Dilation)
{
    /// <summary>Output length along one axis: ⌊(L + 2p − d(k−1) − 1)/s⌋ + 1 (PyTorch Conv2d).</summary>
    public static int OutputLength(int length, int kernel, int stride, int padding, int dilation) =>
        (int)Math.Floor((length + 2.0 * padding - dilation * (kernel - 1) - 1) / stride) + 1;

    public (int H, int W) Output(int h, int w) =>
        (OutputLength(h, Kernel.F, Stride.F, Padding.F, Dilation.F), OutputLength(w, Kernel.T, Stride.T, Padding.T, Dilation.T));
}
