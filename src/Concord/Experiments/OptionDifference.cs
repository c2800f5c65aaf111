namespace Concord.Experiments;

/// <summary>One option whose value in this run differs from the paper's setup.</summary>
/// <param name="Key">Config key path, e.g. "training.epochs".</param>
/// <param name="Paper">The paper's (authors' code) value.</param>
/// <param name="Run">This run's value.</param>
/// <param name="Meaning">What the difference means, in one sentence.</param>
public sealed record OptionDifference(string Key, string Paper, string Run, string Meaning);
