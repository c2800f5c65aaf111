namespace Concord.Torch.Tests;

/// <summary>The process-wide allocator setting: parsing of CONCORD_ALLOCATOR, idempotence, and that glibc accepts it.</summary>
public sealed class NativeAllocatorTests
{
    [Theory]
    [InlineData(null, AllocatorMode.Retain)]
    [InlineData("", AllocatorMode.Retain)]
    [InlineData(" Retain ", AllocatorMode.Retain)]
    [InlineData("system", AllocatorMode.System)]
    [InlineData("default", AllocatorMode.System)]
    public void ParsesTheEnvironmentVariable(string? value, AllocatorMode expected) =>
        Assert.Equal(expected, NativeAllocator.ParseMode(value));

    [Fact]
    public void RefusesAnUnknownModeNamingTheVariable()
    {
        var ex = Assert.Throws<ConcordException>(() => NativeAllocator.ParseMode("huge"));
        Assert.Contains(NativeAllocator.EnvironmentVariable, ex.Message);
        Assert.Contains("'huge'", ex.Message);
    }

    [Fact]
    public void ConfigureRunsOnceAndGlibcAcceptsTheRetainSettings()
    {
        var state = NativeAllocator.Configure();
        Assert.Same(state, NativeAllocator.Configure());
        Assert.Equal(NativeAllocator.ParseMode(Environment.GetEnvironmentVariable(NativeAllocator.EnvironmentVariable)), state.Mode);
        if (state.Mode == AllocatorMode.Retain && OperatingSystem.IsLinux())
            Assert.True(state.Applied, state.Description);
        else
            Assert.False(state.Applied, state.Description);
    }
}
