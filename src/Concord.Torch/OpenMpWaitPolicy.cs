using System.Runtime.InteropServices;

namespace Concord.Torch;

/// <summary>How libtorch's OpenMP (libgomp) worker threads wait between parallel regions.</summary>
public enum OpenMpWait
{
    /// <summary>
    /// <c>OMP_WAIT_POLICY=PASSIVE</c> (the default applied by the CLI and the benchmarks): idle workers sleep on a futex
    /// instead of spinning. On a machine whose cores are busy with other work, spinning workers and preempted ones make
    /// every parallel region wait for a scheduler time slice: a Regular training step at 2 threads under load average ≈ 10
    /// took 0.3–2.8 s with libgomp's default and 0.15–0.58 s passive. Idle, it costs a futex wake-up per parallel region.
    /// </summary>
    Passive,

    /// <summary>libgomp's default: spin for a while (GOMP_SPINCOUNT) before sleeping.</summary>
    Default,
}

/// <summary>What <see cref="OpenMpWaitPolicy.Configure"/> did in this process.</summary>
/// <param name="Mode">The mode asked for (environment variable <c>CONCORD_OMP_WAIT</c>: passive or default).</param>
/// <param name="Applied">Whether <c>OMP_WAIT_POLICY=PASSIVE</c> was put in the native environment before libgomp started.</param>
/// <param name="Description">One line for logs and benchmark output.</param>
public sealed record OpenMpState(OpenMpWait Mode, bool Applied, string Description);

/// <summary>
/// Process-wide OpenMP wait policy for libtorch's intra-op threads. libgomp reads <c>OMP_WAIT_POLICY</c> once, when it is
/// loaded with libtorch, so <see cref="Configure"/> must run before the first TorchSharp call (the CLI's <c>Program</c> and
/// the benchmark call it first, through <see cref="TorchRuntime.ConfigureProcess"/>). It writes the native environment
/// (<c>setenv</c>, which .NET's <c>Environment.SetEnvironmentVariable</c> does not do on Unix), so child processes started
/// through .NET do not inherit it. An <c>OMP_WAIT_POLICY</c> the user set is kept; <c>CONCORD_OMP_WAIT=default</c> turns the
/// setting off. It changes no numbers, only how idle threads wait.
/// </summary>
public static class OpenMpWaitPolicy
{
    /// <summary>Environment variable that selects the mode: <c>passive</c> (default) or <c>default</c>.</summary>
    public const string EnvironmentVariable = "CONCORD_OMP_WAIT";

    private const string OmpVariable = "OMP_WAIT_POLICY";

    private static readonly Lazy<OpenMpState> State = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Applies the mode named by <see cref="EnvironmentVariable"/> once per process; later calls return the same state.</summary>
    public static OpenMpState Configure() => State.Value;

    /// <summary>Parses a <see cref="EnvironmentVariable"/> value (null or empty means <see cref="OpenMpWait.Passive"/>).</summary>
    public static OpenMpWait ParseMode(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "passive" => OpenMpWait.Passive,
        "default" or "active" => OpenMpWait.Default,
        _ => throw new ConcordException($"environment variable {EnvironmentVariable}: '{value}' is not one of passive, default"),
    };

    private static OpenMpState Apply()
    {
        var mode = ParseMode(Environment.GetEnvironmentVariable(EnvironmentVariable));
        if (mode == OpenMpWait.Default)
            return new(mode, false, "OpenMP: libgomp's default wait policy (" + EnvironmentVariable + "=default)");
        if (Environment.GetEnvironmentVariable(OmpVariable) is { Length: > 0 } user)
            return new(mode, false, $"OpenMP: {OmpVariable}={user} as set in the environment");
        if (!OperatingSystem.IsLinux())
            return new(mode, false, "OpenMP: wait policy unchanged (set only on Linux)");
        if (LibgompLoaded())
            return new(mode, false, "OpenMP: wait policy unchanged (libgomp was already loaded; configure before the first torch call)");
        try
        {
            bool ok = Native.SetEnv(OmpVariable, "PASSIVE", 0) == 0;
            return new(mode, ok, ok ? "OpenMP: idle threads sleep (OMP_WAIT_POLICY=PASSIVE)" : "OpenMP: wait policy unchanged (setenv failed)");
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return new(mode, false, "OpenMP: wait policy unchanged (no setenv: " + ex.GetType().Name + ")");
        }
    }

    private static bool LibgompLoaded()
    {
        try { return File.ReadLines("/proc/self/maps").Any(l => l.Contains("libgomp", StringComparison.Ordinal)); }
        catch (IOException) { return false; }
    }

    private static class Native
    {
        [DllImport("libc", EntryPoint = "setenv")]
        public static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
    }
}
