using Concord.Datasets;
using Concord.Networks;
using System.Text.RegularExpressions;
using Concord.Experiments;
using Concord.Reporting;
using Concord.Tests.Experiments;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Reporting;

/// <summary>
/// Issue 8 §4: every string that reaches the report from user data (config and dataset names, task names and class
/// labels, feature-set names, architecture and variant names, stage notes and reasons, option values) is HTML-escaped,
/// and the table files named after them stay inside <c>tables/</c>.
/// </summary>
public sealed partial class ReportEscapingTests
{
    /// <summary>Appended to every user-derived string: a script, an attribute break-out with both quotes, an ampersand and a path escape.</summary>
    private const string Payload = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>&amp;../../escape";

    private static string Evil(string s) => s + Payload;

    private static string? EvilOrNull(string? s) => s is null ? null : Evil(s);

    private static Representation Evil(Representation r) => r with
    {
        TrainTask = EvilOrNull(r.TrainTask), FeatureSet = EvilOrNull(r.FeatureSet), Variant = EvilOrNull(r.Variant),
    };

    /// <summary>The sample study with <see cref="Payload"/> appended to every user-derived string (consistently, so groupings still hold).</summary>
    private static StudyResults HostileStudy()
    {
        var s = SampleStudy.Create(dataset: Evil("synth"));
        return s with
        {
            Run = s.Run with
            {
                ConfigName = Evil(s.Run.ConfigName), MainTask = Evil(s.Run.MainTask), RelatedTasks = s.Run.RelatedTasks.Select(Evil).ToList(),
                DifferencesFromPaper = s.Run.DifferencesFromPaper.Select(d => d with { Run = Evil(d.Run), Meaning = Evil(d.Meaning) }).ToList(),
                Stages = [.. s.Run.Stages.Select(t => t with { Note = Evil(t.Note) }), new StageTiming("prepare", StageStatus.Failed, 0, 0, 0, Evil("data/x.wav: bad"))],
                Experiments = [.. s.Run.Experiments, new ExperimentState(ExperimentIds.Robustness, StageStatus.NotMeasured, Evil("no related task"))],
            },
            Probes = s.Probes.Select(p => p with { Task = Evil(p.Task), Source = Evil(p.Source) }).ToList(),
            Similarities = s.Similarities.Select(p => p with { Left = Evil(p.Left), Right = Evil(p.Right) }).ToList(),
            TrainingEpochs = s.TrainingEpochs.Select(e => e with { Task = Evil(e.Task), Variant = EvilOrNull(e.Variant) }).ToList(),
            Confusions = s.Confusions.Select(c => c with { Task = Evil(c.Task), Source = Evil(c.Source), Classes = c.Classes.Select(Evil).ToList() }).ToList(),
            Projections = s.Projections.Select(p => p with { Task = Evil(p.Task), Source = Evil(p.Source), Classes = p.Classes.Select(Evil).ToList() }).ToList(),
            Examples = s.Examples.Select(e => e with { Task = Evil(e.Task), ClassName = Evil(e.ClassName), ExampleId = Evil(e.ExampleId) }).ToList(),
            Traces = s.Traces.Select(t => t with { Task = Evil(t.Task), FeatureSet = Evil(t.FeatureSet), ClassName = Evil(t.ClassName) }).ToList(),
            MutualInformation = s.MutualInformation.Select(m => m with { Task = Evil(m.Task), FeatureSet = Evil(m.FeatureSet) }).ToList(),
        };
    }

    /// <summary>The elements the report is made of; anything else in the page would have come from data.</summary>
    private static readonly HashSet<string> Elements = new(StringComparer.Ordinal)
    {
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "b", "nav", "ul", "ol", "li", "details", "summary", "a", "section", "div",
        "figure", "img", "figcaption", "table", "caption", "thead", "tbody", "tr", "th", "td",
    };

    [GeneratedRegex("<(/?)([!A-Za-z][A-Za-z0-9]*)")]
    private static partial Regex Tag();

    [GeneratedRegex("""<img alt="[^"<>]*" src="data:image/png;base64,[A-Za-z0-9+/=]+">""")]
    private static partial Regex SafeImg();

    [Fact]
    public void EveryUserStringIsEscapedAndNoMarkupComesFromData()
    {
        string html = HtmlReport.Render(HostileStudy());

        // The payload is present (so the strings did reach the page), only in escaped form.
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;../../escape", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror=alert", html.Replace("&lt;img src=x onerror=alert(2)&gt;", "", StringComparison.Ordinal), StringComparison.Ordinal);
        // Every element is one the report writes itself, and every <img> is a plain embedded figure.
        var unknown = Tag().Matches(html).Select(m => m.Groups[2].Value).Where(t => !Elements.Contains(t)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "elements from data: " + string.Join(", ", unknown));
        int images = Regex.Matches(html, "<img ").Count;
        Assert.True(images > 0);
        Assert.Equal(images, SafeImg().Matches(html).Count);
        // Each kind of user string appears escaped somewhere: dataset and config name, task, feature set, stage note, reason, option value.
        // (Architectures and taps are enums, a closed vocabulary: they cannot carry markup.)
        foreach (string plain in new[] { "synth", "sample", "family", "wave25", "meanp", "brass", "data/x.wav: bad", "no related task" })
            Assert.Contains(System.Net.WebUtility.HtmlEncode(Evil(plain)), html);
    }

    [Fact]
    public void TableFilesNamedAfterDataStayInsideTheTablesFolder()
    {
        using var t = new TempDir();
        string run = Path.Combine(t.Path, "run");
        ReportWriter.Write(run, HostileStudy());
        var outside = Directory.EnumerateFileSystemEntries(t.Path, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(run + Path.DirectorySeparatorChar, StringComparison.Ordinal) && p != run).ToList();
        Assert.True(outside.Count == 0, "written outside the run folder: " + string.Join(", ", outside));
        var files = Directory.GetFiles(Path.Combine(run, "tables"));
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith("exp1-decoding-family", StringComparison.Ordinal));
        Assert.All(files, f => Assert.Matches("^[A-Za-z0-9_-]+\\.(md|csv)$", Path.GetFileName(f)));
        Assert.Equal(["report.html", "tables"], Directory.EnumerateFileSystemEntries(run).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
