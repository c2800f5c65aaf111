using Concord.Cli;
using Concord.Experiments;
using Concord.IO;
using Concord.Reporting;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.FaultMatrix;

/// <summary>Library-level checks of issue 14 that need no process: escaping, the output target routine, arguments.</summary>
public sealed class HardeningUnitTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("-0.125", "-0.125")]
    [InlineData("+1e-05", "+1e-05")]
    [InlineData("-", "-")]
    [InlineData("brass", "brass")]
    public void CsvCellsThatWouldRunAsFormulasGetAnApostrophe(string cell, string expected) =>
        Assert.Equal(expected, ResultsExporter.Defuse(cell));

    [Fact]
    public void CsvTablesDefuseLabelsButKeepNegativeNumbers()
    {
        string csv = ResultsExporter.ToCsv(["class", "value"], [["=1+2", -0.5], ["@x", 3.0]]);
        Assert.Equal("class,value\n'=1+2,-0.5\n'@x,3\n", csv);
    }

    [Fact]
    public void MarkdownTablesEscapePipesAndAngleBrackets()
    {
        var t = new ResultTable("t", "<b>title</b>", ["a|b", "c"], [["<script>alert(1)</script>", "x & y"]]);
        string md = t.ToMarkdown();
        Assert.DoesNotContain("<", md, StringComparison.Ordinal);
        Assert.DoesNotContain(">", md, StringComparison.Ordinal);
        Assert.Contains("a\\|b", md, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", md, StringComparison.Ordinal);
        Assert.Contains("x &amp; y", md, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetResolvesLinksAndRefusesInputsAndDevices()
    {
        using var t = new TempDir();
        string input = t.File("in.wav");
        File.WriteAllText(input, "data");
        Directory.CreateDirectory(t.File("real"));
        Directory.CreateSymbolicLink(t.File("alias"), t.File("real"));
        // a not-yet-existing file under a linked folder resolves to the real folder
        Assert.Equal(Path.Combine(FileKinds.Canonical(t.File("real")), "x.npy"), AtomicFile.Target(Path.Combine(t.File("alias"), "x.npy"), input));
        File.CreateSymbolicLink(t.File("alias.wav"), input);
        var e = Assert.Throws<ConcordException>(() => AtomicFile.Target(t.File("alias.wav"), input));
        Assert.Contains("same file as the input", e.Message, StringComparison.Ordinal);
        Assert.Throws<ConcordException>(() => AtomicFile.Target(input, t.File("alias.wav")));
        if (File.Exists("/dev/null")) Assert.Throws<ConcordException>(() => AtomicFile.WriteAllText("/dev/null", "x"));
    }

    [Fact]
    public void FileKindsTellDevicesFromFiles()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("f"), "x");
        Assert.Equal(FileKind.Regular, FileKinds.Of(t.File("f")));
        Assert.Equal(FileKind.Directory, FileKinds.Of(t.Path));
        Assert.Equal(FileKind.Missing, FileKinds.Of(t.File("none")));
        if (File.Exists("/dev/null")) Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/null"));
    }

    [Fact]
    public void DoubleDashMakesTheRestOperands()
    {
        Assert.Equal(["mel", "-o", "m.npy", "./-a.wav", "b.wav"], CliSetup.NormalizeArguments(["mel", "-o", "m.npy", "--", "-a.wav", "b.wav"]));
        Assert.Equal(["similarity", "-x", "a"], CliSetup.NormalizeArguments(["similarity", "--x", "a"]));
        Assert.Equal(["x", "./--x"], CliSetup.NormalizeArguments(["x", "--", "--x"]));
    }
}
