using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>Where networks run.</summary>
public enum ComputeDevice
{
    /// <summary>CPU (deterministic).</summary>
    Cpu,
    /// <summary>A CUDA GPU, when the installed libtorch supports it.</summary>
    Cuda,
}
