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
        foreach (var r in Rows)
        {
            sb.Append("<tr>");
            foreach (var c in r) sb.Append("<td>").Append(WebUtility.HtmlEncode(c)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (Note.Length > 0) sb.Append("<p class=\"note\">").Append(WebUtility.HtmlEncode(Note)).Append("</p>");
        return sb.ToString();
    }
}
