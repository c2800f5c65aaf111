namespace Concord.Reporting;

/// <summary>One block of a report section: a paragraph, a sub-heading, a table, a figure or a "not measured" notice.</summary>
/// <param name="Kind">What the block is.</param>
/// <param name="Text">Paragraph text, figure caption or not-measured reason.</param>
/// <param name="Table">The table when <paramref name="Kind"/> is <see cref="ReportBlockKind.Table"/>.</param>
/// <param name="Png">PNG bytes when <paramref name="Kind"/> is <see cref="ReportBlockKind.Figure"/>.</param>
public sealed record ReportBlock(ReportBlockKind Kind, string Text, ResultTable? Table = null, byte[]? Png = null)
{
    /// <summary>A paragraph.</summary>
    public static ReportBlock Paragraph(string text) => new(ReportBlockKind.Paragraph, text);
    /// <summary>A sub-heading.</summary>
    public static ReportBlock Heading(string text) => new(ReportBlockKind.Heading, text);
    /// <summary>A table.</summary>
    public static ReportBlock Of(ResultTable table) => new(ReportBlockKind.Table, table.Title, table);
    /// <summary>A figure with its caption.</summary>
    public static ReportBlock Figure(string caption, byte[] png) => new(ReportBlockKind.Figure, caption, Png: png);
    /// <summary>A clearly marked "not measured" notice with its reason.</summary>
    public static ReportBlock NotMeasured(string reason) => new(ReportBlockKind.NotMeasured, reason);
}
