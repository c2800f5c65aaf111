namespace Concord.Torch;

/// <summary>The process-wide native settings applied by <see cref="TorchRuntime.ConfigureProcess"/>.</summary>
/// <param name="Allocator">glibc malloc: freed memory retained for reuse (<see cref="NativeAllocator"/>).</param>
/// <param name="OpenMp">libgomp: idle threads sleep (<see cref="OpenMpWaitPolicy"/>).</param>
public sealed record ProcessSettings(AllocatorState Allocator, OpenMpState OpenMp)
{
    /// <summary>Both settings on one line.</summary>
    public string Description => Allocator.Description + "; " + OpenMp.Description;
}
