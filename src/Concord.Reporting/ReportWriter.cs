using Concord.Experiments;
using Concord.IO;

namespace Concord.Reporting;

/// <summary>Writes <c>RUN/report.html</c> and <c>RUN/tables/&lt;id&gt;.md</c> / <c>.csv</c> from a run's results store.</summary>
public static class ReportWriter
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "report.html";

    /// <summary>Writes the report and tables for <paramref name="results"/> into <paramref name="runDir"/>; returns the report path.</summary>
    public static string Write(string runDir, StudyResults results, FindingsCriteria? criteria = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var findings = new FindingsEvaluator(criteria ?? new FindingsCriteria()).Evaluate(results);
        var sections = StudyReport.Build(results, findings);
        string tables = Path.Combine(runDir, "tables");
        AtomicFile.EnsureWritableDirectory(tables);
        foreach (var t in StudyReport.Tables(sections))
        {
            AtomicFile.WriteAllText(Path.Combine(tables, t.Id + ".md"), t.ToMarkdown());
            AtomicFile.WriteAllText(Path.Combine(tables, t.Id + ".csv"), t.ToCsv());
        }
        string path = Path.GetFullPath(Path.Combine(runDir, FileName));
        AtomicFile.WriteAllText(path, HtmlReport.Render(results.Run, sections));
        return path;
    }

    /// <summary>Loads <c>RUN/results.db</c> and writes the report; returns the report path.</summary>
    public static string WriteFromStore(string runDir)
    {
        using var store = ResultsStore.OpenExisting(runDir);
        return Write(runDir, store.LoadStudy());
    }
}
