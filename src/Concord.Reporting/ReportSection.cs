namespace Concord.Reporting;

/// <summary>A titled section of the report.</summary>
/// <param name="Id">HTML anchor.</param>
/// <param name="Title">Heading, with the paper's table/figure numbers it mirrors.</param>
/// <param name="Blocks">Content in order.</param>
public sealed record ReportSection(string Id, string Title, IReadOnlyList<ReportBlock> Blocks);
