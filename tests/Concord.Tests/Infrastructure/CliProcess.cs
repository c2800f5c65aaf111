using System.Diagnostics;

namespace Concord.Tests.Infrastructure;

/// <summary>
/// Runs the real CLI as a separate process, <c>dotnet concord.dll</c> (the copy the build places next to the test
/// assembly), with <c>NO_COLOR=1</c>, <c>CONCORD_VERBOSE</c> removed and a timeout.
/// </summary>
public static class CliProcess
{
    /// <summary>Exit code, stdout and stderr (trimmed) of one run; fails the test when it exceeds <paramref name="timeout"/>.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(IEnumerable<string> args, string workDir, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "concord.dll");
        Assert.True(File.Exists(dll), $"{dll} not found next to the test assembly");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = workDir,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment.Remove("CONCORD_VERBOSE");
        psi.Environment.Remove("CONCORD_TEST_KILL_AT");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"concord {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result.Trim());
    }
}
