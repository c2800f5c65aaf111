namespace Concord.Experiments;

/// <summary>One of the paper's five findings, evaluated on a run.</summary>
/// <param name="Number">1–5, as listed at the top of METHOD.md.</param>
/// <param name="Statement">The finding in the paper's words.</param>
/// <param name="Criterion">The test Concord applies to the numbers.</param>
/// <param name="Status">Holds / does not hold / not measured.</param>
/// <param name="Evidence">The numbers the verdict rests on, or what is missing ("not assessable: …" names the failed precondition).</param>
/// <param name="Preconditions">What must hold before the numbers can be read as evidence for or against the finding.</param>
public sealed record Finding(int Number, string Statement, string Criterion, FindingStatus Status, string Evidence, string Preconditions = "");
