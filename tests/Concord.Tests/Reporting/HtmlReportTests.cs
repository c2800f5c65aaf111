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
    public void ExplorationAndChannelPartsShowTheirFiguresAndTables()
    {
        var sections = StudyReport.Build(SampleStudy.Create(), []);
        var exploration = sections.Single(s => s.Id == "exploration").Blocks;
        string[] headings = ["Example spectrograms by class (Figs. 8, 10)", "PCA by class (Fig. 11)", "Hand-crafted features by class (Figs. 12–13)",
            "Mutual information of each feature with the class (Fig. 14)", "Confusion matrices of the conv3 probes (Figs. 16–18)"];
        Assert.Equal(headings, exploration.Where(b => b.Kind == ReportBlockKind.Heading).Select(b => b.Text));
        // Every part has content, so no "not measured" notice: spectrograms, PCA + table, traces + table, MI bars + curves + table, one confusion matrix.
        Assert.DoesNotContain(exploration, b => b.Kind == ReportBlockKind.NotMeasured);
        Assert.Equal(6, exploration.Count(b => b.Kind == ReportBlockKind.Figure));
        var mi = exploration.Single(b => b.Table?.Id == "exploration-mutual-information").Table!;
        Assert.Equal(["meanp", "2", "0.0750", "0.1000", "0", "80", "3"], mi.Rows[0]);
        Assert.Equal(["wave25", "3", "0.4000", "0.6000", "1", "80", "3"], mi.Rows[1]);

        var dvd = sections.Single(s => s.Id == "deep-vs-deep").Blocks;
        var grid = dvd.Single(b => b.Table?.Id == "dvd-channels-regular-conv1").Table!;
        Assert.Equal(9, grid.Rows.Count);                        // the stored upper triangle mirrored to 3 × 3
        Assert.Contains(grid.Rows, r => r[0] == "ch 02" && r[1] == "ch 00" && r[2].StartsWith("0.250", StringComparison.Ordinal));
        Assert.Contains(dvd, b => b.Kind == ReportBlockKind.Figure && b.Text.Contains("(Fig. 46)", StringComparison.Ordinal));
    }

    [Fact]
    public void RequestedMeasuresWithoutAnyPairAreReportedAsNotMeasured()
    {
        var r = SampleStudy.Create();
        r = r with { Run = r.Run with { SimilarityMeasures = [SimilarityMeasure.LinearCka, SimilarityMeasure.R2Cca] } };
        var exp2 = StudyReport.Build(r, []).Single(s => s.Id == "exp2").Blocks;
        var notice = exp2.Single(b => b.Kind == ReportBlockKind.NotMeasured);
        Assert.StartsWith("Not measured: R²_CCA (Figs. 26–30): no pair could be measured", notice.Text);
        Assert.Contains("80 training examples", notice.Text);
    }

    [Fact]
    public void ExplorationPartsSwitchedOffSayWhich()
    {
        var r = SampleStudy.Create();
        r = r with { Run = r.Run with { Experiments = [new(ExperimentIds.Pca, StageStatus.Off, ""), new(ExperimentIds.MutualInformation, StageStatus.NotMeasured, "main task is a regression task")] } };
        string html = System.Net.WebUtility.HtmlDecode(HtmlReport.Render(r with { Projections = [], MutualInformation = [] }));
        Assert.Contains("Switched off in the config (experiments.pca = false)", html);
        Assert.Contains("Not measured: main task is a regression task", html);
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
