using Concord.Experiments;
using Concord.IO;

namespace Concord.Reporting;

/// <summary>Writes <c>RUN/report.html</c> and <c>RUN/tables/&lt;id&gt;.md</c> / <c>.csv</c> from a run's results store.</summary>
public static class ReportWriter
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "report.html";

    /// <summary>
    /// Writes the tables (<c>tables/&lt;id&gt;.md</c> and <c>.csv</c>, each atomically), then the report, for
    /// <paramref name="results"/> into <paramref name="runDir"/>; returns the report path. <paramref name="written"/>
    /// receives each file's path relative to <paramref name="runDir"/> after it is in place.
    /// </summary>
    public static string Write(string runDir, StudyResults results, FindingsCriteria? criteria = null, IProgress<string>? written = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var findings = new FindingsEvaluator(criteria ?? new FindingsCriteria()).Evaluate(results);
        var sections = StudyReport.Build(results, findings);
        string tables = Path.Combine(runDir, "tables");
        AtomicFile.EnsureWritableDirectory(tables);
        foreach (var t in StudyReport.Tables(sections))
        {
            string stem = FileNames.SafeStem(t.Id); // ids carry task names from the data: keep the files inside tables/
            AtomicFile.WriteAllText(Path.Combine(tables, stem + ".md"), t.ToMarkdown());
            written?.Report($"tables/{stem}.md");
            AtomicFile.WriteAllText(Path.Combine(tables, stem + ".csv"), t.ToCsv());
            written?.Report($"tables/{stem}.csv");
        }
        string path = Path.GetFullPath(Path.Combine(runDir, FileName));
        AtomicFile.WriteAllText(path, HtmlReport.Render(results.Run, sections));
        written?.Report(FileName);
        return path;
    }

    /// <summary>Loads <c>RUN/results.db</c> and writes the report; returns the report path.</summary>
    public static string WriteFromStore(string runDir) => WriteFromStore(runDir, null);

    /// <summary>Loads <c>RUN/results.db</c> and writes the report, reporting each file written (see <see cref="Write"/>); returns the report path.</summary>
    public static string WriteFromStore(string runDir, IProgress<string>? written)
    {
        using var store = ResultsStore.OpenExisting(runDir);
        return Write(runDir, store.LoadStudy(), written: written);
    }
}
