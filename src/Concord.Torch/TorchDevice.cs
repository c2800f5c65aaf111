namespace Concord.Torch;

/// <summary>Where tensors live during training and extraction.</summary>
public enum TorchDevice
{
    Cpu,
    /// <summary>The first CUDA device; requires a CUDA build of libtorch (this project restores the CPU build).</summary>
    Cuda,
}
