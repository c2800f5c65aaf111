using System.Diagnostics;
using System.Globalization;
using Concord.Study.Running;

namespace Concord.Cli.Commands;

/// <summary>
/// Test-only crash hook for the kill/resume tests (docs/hardening.md). When the environment variable
/// <c>CONCORD_TEST_KILL_AT</c> is set, <c>concord run</c> and <c>concord demo</c> kill their own process with SIGKILL
/// at a named point of the run's progress, exactly as <c>kill -9</c> would, so the tests can stop a run at
/// deterministic places:
/// <list type="bullet">
/// <item><c>STAGE:N</c>: at the N-th progress report (1-based) of stage STAGE in this process;</item>
/// <item><c>STAGE:N:TEXT</c>: at the N-th report of STAGE whose message contains TEXT (e.g.
/// <c>train:1:seed 10 on instrument_family: epoch 2/2 batch 1/</c> is mid-epoch);</item>
/// <item><c>STAGE:end</c>: right after STAGE has finished and <c>manifest.json</c> records it (a stage boundary).</item>
/// </list>
/// The report writer reports each file it has written as stage <c>report</c>. Unset (always, outside the tests), the
/// hook is not installed.
/// </summary>
internal sealed class TestKillSwitch(IProgress<RunProgress> inner, string spec, string stage, int? count, string? text) : IProgress<RunProgress>
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "CONCORD_TEST_KILL_AT";

    private int _seen;

    /// <summary><paramref name="inner"/>, with the hook installed when <see cref="Variable"/> is set.</summary>
    public static IProgress<RunProgress> Wrap(IProgress<RunProgress> inner)
    {
        string? spec = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(spec)) return inner;
        string[] parts = spec.Split(':', 3);
        if (parts.Length < 2 || parts[0].Length == 0)
            throw new ConcordException($"{Variable}: '{spec}' is not STAGE:N, STAGE:N:TEXT or STAGE:end");
        if (parts[1] == "end" && parts.Length == 2) return new TestKillSwitch(inner, spec, parts[0], null, null);
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new ConcordException($"{Variable}: '{spec}': N must be a positive integer or 'end'");
        return new TestKillSwitch(inner, spec, parts[0], n, parts.Length == 3 ? parts[2] : null);
    }

    public void Report(RunProgress value)
    {
        inner.Report(value);
        if (value.Stage != stage) return;
        bool hit = count is int n
            ? (text is null || value.Message.Contains(text, StringComparison.Ordinal)) && Interlocked.Increment(ref _seen) == n
            : value.Message is "Done" or "Failed" or "NotMeasured" or "Off";
        if (!hit) return;
        Console.Error.WriteLine($"{Variable}={spec}: SIGKILL at '{value.Stage}: {value.Message}'");
        Process.GetCurrentProcess().Kill(); // SIGKILL on Unix: no finally blocks, no flushing, no clean-up
        Thread.Sleep(Timeout.Infinite);
    }
}
