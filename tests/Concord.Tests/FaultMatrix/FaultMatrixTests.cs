using Concord.Cli;
using Concord.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Concord.Tests.FaultMatrix;

/// <summary>
/// Runs every <see cref="FaultCases"/> row through the real CLI as a process (<c>dotnet concord.dll</c>, the copy next
/// to the test assembly) on a fresh temp folder, with a timeout.
/// </summary>
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Every row: the 57 of issue 8 and those of issue 14.</summary>
    public static IReadOnlyList<FaultCase> AllCases { get; } = [.. FaultCases.All, .. HardeningCases.All, .. ImportCases.All];

    public static TheoryData<string> Names => new(AllCases.Select(c => c.Name));

    /// <summary>Exit code, stdout and stderr of one CLI run; fails when it exceeds <see cref="Timeout"/>.</summary>
    public static (int Exit, string Stdout, string Stderr) RunCli(IEnumerable<string> args, string workDir) =>
        CliProcess.Run(args, workDir, Timeout);

    [Theory]
    [MemberData(nameof(Names))]
    public void Case(string name)
    {
        var c = AllCases.Single(x => x.Name == name);
        using var t = new TempDir();
        if (c.Precondition?.Invoke(t.Path) is { } skip)
        {
            Console.WriteLine($"fault case {name} skipped: {skip}");
            return;
        }
        try
        {
            var args = c.Setup(t.Path);
            var (exit, stdout, stderr) = RunCli(args, t.Path);
            output.WriteLine($"OBSERVED|{c.Category}|{name}|{exit}|{stderr.Replace(t.Path, "<tmp>", StringComparison.Ordinal).ReplaceLineEndings(" ")}");
            // Exit 70 means an internal error (a bug): no fault case may ever produce it, whatever it expects.
            Assert.True(exit != CliSetup.ExitCodes.Internal, $"internal error (exit 70) on bad input: {stderr}");
            Assert.False(Directory.EnumerateFileSystemEntries(t.Path, "*.tmp-*", SearchOption.AllDirectories).Any(), "a *.tmp-* file was left behind");
            if (c.ErrorContains is { } expected)
            {
                Assert.True(exit == c.ExpectedExit, $"exit {exit} (expected {c.ExpectedExit}), stderr: {stderr}");
                string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(lines.Length == 1, $"expected one stderr line, got {lines.Length}:\n{stderr}");
                Assert.StartsWith("error:", lines[0], StringComparison.Ordinal);
                Assert.Contains(expected.Replace("<tmp>", t.Path, StringComparison.Ordinal), lines[0], StringComparison.Ordinal);
                if (c.Category == "config") // a config error names the config file first
                    Assert.StartsWith("error: " + Path.Combine(t.Path, "config.json") + ": ", lines[0], StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
                string outDir = Path.Combine(t.Path, "out");
                if (Directory.Exists(outDir))
                    Assert.Empty(Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories));
                c.Check?.Invoke(t.Path, stdout);
            }
            else
            {
                Assert.True(exit == 0, $"exit {exit}, stderr: {stderr}");
                Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
                c.Check?.Invoke(t.Path, stdout);
            }
        }
        finally
        {
            c.Teardown?.Invoke(t.Path);
        }
    }

    /// <summary>With --verbose the same one-line error is followed by the stack trace (exit code still 1).</summary>
    [Fact]
    public void VerboseAddsTheStackTrace()
    {
        using var t = new TempDir();
        string wav = FaultInputs.Bytes(t.Path, "empty.wav", []);
        var (exit, _, stderr) = RunCli(["mel", wav, "-o", t.File("m.npy"), "--verbose"], t.Path);
        Assert.Equal(1, exit);
        Assert.StartsWith("error:", stderr, StringComparison.Ordinal);
        Assert.True(stderr.Split('\n').Length > 1, stderr);
        Assert.Contains("ConcordException", stderr, StringComparison.Ordinal);
    }
}
