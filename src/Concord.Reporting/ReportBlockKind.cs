namespace Concord.Reporting;

/// <summary>Kinds of <see cref="ReportBlock"/>.</summary>
public enum ReportBlockKind
{
    /// <summary>Plain text.</summary>
    Paragraph,
    /// <summary>A sub-heading inside a section.</summary>
    Heading,
    /// <summary>A <see cref="ResultTable"/>.</summary>
    Table,
    /// <summary>An embedded PNG.</summary>
    Figure,
    /// <summary>An experiment or panel that this run did not measure, with the reason.</summary>
    NotMeasured,
}
