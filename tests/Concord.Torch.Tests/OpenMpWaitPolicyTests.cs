namespace Concord.Torch.Tests;

/// <summary>The OpenMP wait policy setting: parsing of CONCORD_OMP_WAIT, and that it refuses to claim an effect once libgomp
/// is loaded (this test process loads libtorch in its module initializer, before any test runs).</summary>
public sealed class OpenMpWaitPolicyTests
{
    [Theory]
    [InlineData(null, OpenMpWait.Passive)]
    [InlineData("", OpenMpWait.Passive)]
    [InlineData(" PASSIVE", OpenMpWait.Passive)]
    [InlineData("default", OpenMpWait.Default)]
    [InlineData("active", OpenMpWait.Default)]
    public void ParsesTheEnvironmentVariable(string? value, OpenMpWait expected) =>
        Assert.Equal(expected, OpenMpWaitPolicy.ParseMode(value));

    [Fact]
    public void RefusesAnUnknownModeNamingTheVariable()
    {
        var ex = Assert.Throws<ConcordException>(() => OpenMpWaitPolicy.ParseMode("spin"));
        Assert.Contains(OpenMpWaitPolicy.EnvironmentVariable, ex.Message);
    }

    [Fact]
    public void TooLateOnceLibtorchIsLoaded()
    {
        _ = TorchSharp.torch.get_num_threads(); // libtorch (and its libgomp) is loaded
        var state = TorchRuntime.ConfigureProcess().OpenMp;
        Assert.Same(state, OpenMpWaitPolicy.Configure());
        Assert.False(state.Applied, state.Description);
        bool userChoice = OpenMpWaitPolicy.ParseMode(Environment.GetEnvironmentVariable(OpenMpWaitPolicy.EnvironmentVariable)) == OpenMpWait.Default
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"));
        if (!userChoice && OperatingSystem.IsLinux()) Assert.Contains("already loaded", state.Description);
    }
}
