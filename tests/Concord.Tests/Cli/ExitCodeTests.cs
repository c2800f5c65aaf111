using System.Reflection;
using System.Text.RegularExpressions;
using Concord.Cli;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Cli;

/// <summary>The README's exit-code table matches <see cref="CliSetup.ExitCodes"/>, and the CLI process returns those codes.</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public void ReadmeDocumentsExactlyTheExitCodesTheToolUses()
    {
        string readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot(), "README.md"));
        int start = readme.IndexOf("## Exit codes", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no '## Exit codes' section");
        string section = readme[start..];
        int end = section.IndexOf("\n## ", 3, StringComparison.Ordinal);
        if (end > 0) section = section[..end];
        var documented = Regex.Matches(section, @"^\| (\d+) \|", RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        var used = typeof(CliSetup.ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (int)f.GetValue(null)!).Order().ToList();
        Assert.Equal(used, documented);
    }

    [Theory]
    [InlineData(CliSetup.ExitCodes.Usage, new[] { "no-such-command" })]
    [InlineData(CliSetup.ExitCodes.Usage, new[] { "mel" })]                                   // missing argument
    [InlineData(CliSetup.ExitCodes.Usage, new[] { "models", "--no-such-option" })]
    [InlineData(CliSetup.ExitCodes.Usage, new[] { "run", "c.json", "--limit-epochs", "0" })]  // settings validation
    [InlineData(CliSetup.ExitCodes.UserError, new[] { "run", "missing.json" })]
    [InlineData(CliSetup.ExitCodes.Ok, new[] { "models" })]
    public void ProcessExitCodes(int expected, string[] args)
    {
        using var t = new TempDir();
        var (exit, stdout, stderr) = CliProcess.Run(args, t.Path, TimeSpan.FromSeconds(60));
        Assert.True(exit == expected, $"concord {string.Join(' ', args)}: exit {exit}, expected {expected}\n{stderr}\n{stdout}");
        if (expected != 0)
        {
            Assert.StartsWith("error:", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        }
    }
}
