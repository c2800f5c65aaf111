using System.Net;
using System.Text;
using Concord.Experiments;

namespace Concord.Reporting;

/// <summary>
/// Renders a run's results to one self-contained HTML page: figures are embedded as base64 PNG data URIs, there are no
/// external links, scripts or fonts, and every string that comes from user data (names, labels, evidence) is
/// HTML-escaped. Pure: both Render overloads return the page and does no I/O.
/// </summary>
public static class HtmlReport
{
    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
        h1{font-size:1.6em;margin-bottom:.2em} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em} h3{margin-top:1.5em}
        nav{position:sticky;top:0;z-index:2;background:#fafafa;border-bottom:1px solid #ddd;padding:.3em .6em;font-size:.85em}
        nav ol{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.2em 1.1em} nav a{color:#1a4d8f;text-decoration:none}
        details>summary{cursor:pointer;list-style:revert} details>summary h2{display:inline-block;margin:1.2em 0 .4em}
        section{scroll-margin-top:3.5em} td.flag{background:#eee;color:#777;font-style:italic}
        table{border-collapse:collapse;margin:1em 0;font-size:.9em}
        caption{font-weight:600;text-align:left;padding:.3em 0} th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}
        th{background:#f3f3f3} figure{margin:1em 0} figure img{max-width:100%;border:1px solid #eee} figcaption{font-size:.9em;color:#555}
        .nm{background:#fff7e0;border-left:4px solid #e0a800;padding:.5em .8em;margin:.8em 0} .note{font-size:.85em;color:#555}
        .v-holds{color:#176f2c;font-weight:600} .v-does-not-hold{color:#b00020;font-weight:600} .v-not-measured{color:#8a6d00;font-weight:600} .v-not-assessable{color:#6a4c93;font-weight:600}
        """;

    /// <summary>The whole page for <paramref name="results"/>, with the findings evaluated by <paramref name="criteria"/>.</summary>
    public static string Render(StudyResults results, FindingsCriteria? criteria = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var findings = new FindingsEvaluator(criteria ?? new FindingsCriteria()).Evaluate(results);
        return Render(results.Run, StudyReport.Build(results, findings));
    }

    /// <summary>The page for already-built sections.</summary>
    public static string Render(RunSummary run, IReadOnlyList<ReportSection> sections)
    {
        ArgumentNullException.ThrowIfNull(run);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Concord report: ").Append(E(run.ConfigName))
          .Append("</title><style>").Append(Css).Append("</style></head><body>\n");
        sb.Append("<h1>Concord report: ").Append(E(run.ConfigName)).Append("</h1>\n<p>Dataset <b>").Append(E(run.Dataset)).Append("</b>, profile <b>")
          .Append(E(run.Profile)).Append("</b>, main task <b>").Append(E(run.MainTask)).Append("</b>. Run ").Append(E(run.RunId))
          .Append(", Concord ").Append(E(run.Version)).Append(" (commit ").Append(E(run.Commit)).Append(").</p>\n");
        // Table of contents: a bar that stays at the top while scrolling (CSS only, no script).
        sb.Append("<nav aria-label=\"contents\"><ol>");
        foreach (var s in sections) sb.Append("<li><a href=\"#").Append(E(s.Id)).Append("\">").Append(E(s.Title)).Append("</a></li>");
        sb.Append("</ol></nav>\n");
        // Every section folds (<details>); the findings and the setup are open, the rest closed until clicked.
        foreach (var s in sections)
        {
            bool open = s.Id is "findings" or "setup";
            sb.Append("<section id=\"").Append(E(s.Id)).Append("\"><details").Append(open ? " open" : "").Append("><summary><h2>")
              .Append(E(s.Title)).Append("</h2></summary>\n");
            foreach (var b in s.Blocks) AppendBlock(sb, b);
            sb.Append("</details></section>\n");
        }
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static void AppendBlock(StringBuilder sb, ReportBlock b)
    {
        switch (b.Kind)
        {
            case ReportBlockKind.Paragraph:
                sb.Append("<p>").Append(E(b.Text)).Append("</p>\n");
                break;
            case ReportBlockKind.Heading:
                sb.Append("<h3>").Append(E(b.Text)).Append("</h3>\n");
                break;
            case ReportBlockKind.NotMeasured:
                // The reason already starts with its status ("Not measured: …", "Switched off …", "Failed: …").
                sb.Append("<div class=\"nm\">").Append(E(b.Text)).Append("</div>\n");
                break;
            case ReportBlockKind.Figure:
                sb.Append("<figure><img alt=\"").Append(E(b.Text)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(b.Png!))
                  .Append("\"><figcaption>").Append(E(b.Text)).Append("</figcaption></figure>\n");
                break;
            case ReportBlockKind.Table:
                string html = b.Table!.ToHtml();
                if (b.Table.Id == "findings")
                    foreach (var v in new[] { "does not hold", "not measured", "not assessable", "holds" })
                        html = html.Replace($"<td>{v}</td>", $"<td class=\"v-{v.Replace(' ', '-')}\">{v}</td>", StringComparison.Ordinal);
                sb.Append(html).Append('\n');
                break;
        }
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
