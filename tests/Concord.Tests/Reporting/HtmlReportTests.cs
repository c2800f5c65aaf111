using System.Text.RegularExpressions;
using Concord.Experiments;
using Concord.Reporting;
using Concord.Tests.Experiments;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Reporting;

public class HtmlReportTests
{
    [Fact]
    public void ReportIsSelfContainedAndHasEverySection()
    {
        string html = HtmlReport.Render(SampleStudy.Create());
        foreach (string id in new[] { "findings", "setup", "training", "exp1", "robustness", "channels", "exp2", "exp3", "concat", "deep-vs-deep", "exploration" })
            Assert.Contains($"<section id=\"{id}\">", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:|//)"), html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("class=\"v-holds\"", html);
        Assert.Contains("Switched off in the config", html);   // channels is Off in the sample
        Assert.Contains("training.epochs", html);               // differences from the paper
    }

    [Fact]
    public void UserStringsAreEscaped()
    {
        string html = HtmlReport.Render(SampleStudy.Create(dataset: "<script>alert(1)</script>"));
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public void EmptyRunShowsNotMeasuredWithoutNumbers()
    {
        var r = new StudyResults { Run = SampleStudy.Create().Run with { Experiments = [] } };
        string html = HtmlReport.Render(r);
        Assert.True(Regex.Matches(html, "class=\"nm\"").Count >= 9);
        Assert.DoesNotContain("data:image/png", html);
        Assert.Equal(5, Regex.Matches(html, "class=\"v-not-measured\"").Count);
    }

    [Fact]
    public void WriterWritesTablesWithSpreadAndN()
    {
        using var tmp = new TempDir();
        string path = ReportWriter.Write(tmp.Path, SampleStudy.Create());
        Assert.True(File.Exists(path));
        string md = File.ReadAllText(Path.Combine(tmp.Path, "tables", "exp1-decoding-family.md"));
        Assert.Contains("| wave25 | accuracy % | 65.00 ± 0.00 (n=2) | 60.55 ± 0.45 (n=2) |", md);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "tables", "exp1-decoding-family.csv")));
        Assert.True(File.Exists(Path.Combine(tmp.Path, "tables", "findings.csv")));
    }
}
