using System.Net;
using System.Text;
using Concord.Experiments;

namespace Concord.Reporting;

/// <summary>
/// A table of formatted cells as it appears in the report and in <c>tables/&lt;Id&gt;.md</c> and <c>.csv</c>.
/// Numeric cells are pre-formatted ("mean ± sd (n=N)") so that every number shows its spread and n.
/// </summary>
/// <param name="Id">File stem, e.g. "exp1-decoding-family".</param>
/// <param name="Title">Caption.</param>
/// <param name="Columns">Header cells.</param>
/// <param name="Rows">Body rows, each with <see cref="Columns"/>.Count cells.</param>
/// <param name="Note">A sentence under the table (units, what n counts), may be empty.</param>
public sealed record ResultTable(string Id, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string Note = "")
{
    /// <summary>Cells shown greyed with a reason (degenerate fits, values worse than the baseline); their text says so too,
    /// so Markdown and CSV carry the mark.</summary>
    public IReadOnlyList<CellFlag> Flags { get; init; } = [];

    /// <summary>GitHub-flavoured Markdown: caption line, header, separator, rows; cells escaped by <see cref="Md"/>.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("**").Append(Md(Title)).Append("**\n\n");
        sb.Append("| ").AppendJoin(" | ", Columns.Select(Md)).Append(" |\n");
        sb.Append('|').AppendJoin('|', Columns.Select(_ => "---")).Append("|\n");
        foreach (var r in Rows) sb.Append("| ").AppendJoin(" | ", r.Select(Md)).Append(" |\n");
        if (Note.Length > 0) sb.Append('\n').Append(Note).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// A Markdown cell: '|' escaped (it would end the cell), '&amp;', '&lt;' and '&gt;' as HTML entities (raw HTML in a cell is
    /// rendered by most Markdown viewers), line breaks as spaces.
    /// </summary>
    private static string Md(string s) => s
        .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>RFC 4180 CSV of the header and rows.</summary>
    public string ToCsv() => ResultsExporter.ToCsv(Columns, Rows.Select(r => r.Cast<object?>().ToArray()));

    /// <summary>An HTML &lt;table&gt; with every cell HTML-escaped.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table id=\"t-").Append(WebUtility.HtmlEncode(Id)).Append("\"><caption>").Append(WebUtility.HtmlEncode(Title)).Append("</caption><thead><tr>");
        foreach (var c in Columns) sb.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        var flags = Flags.GroupBy(f => (f.Row, f.Column)).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(f => f.Reason)));
        for (int i = 0; i < Rows.Count; i++)
        {
            sb.Append("<tr>");
            for (int j = 0; j < Rows[i].Count; j++)
            {
                if (flags.TryGetValue((i, j), out var why)) sb.Append("<td class=\"flag\" title=\"").Append(WebUtility.HtmlEncode(why)).Append("\">");
                else sb.Append("<td>");
                sb.Append(WebUtility.HtmlEncode(Rows[i][j])).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (Note.Length > 0) sb.Append("<p class=\"note\">").Append(WebUtility.HtmlEncode(Note)).Append("</p>");
        return sb.ToString();
    }
}
