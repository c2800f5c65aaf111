using TorchSharp;

namespace Concord.Torch.Tests;

public sealed class NativeLoadTests
{
    [Fact]
    public void LibTorchLoadsAndComputes()
    {
        using var t = torch.arange(1, 5, dtype: torch.float32);
        Assert.Equal(10f, t.sum().item<float>());
    }
}
