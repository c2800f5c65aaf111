namespace Concord.Probes;

/// <summary>The majority-class chance baseline.</summary>
/// <param name="Class">Most frequent training label (smallest label on ties).</param>
/// <param name="TrainShare">Its share of the training labels: the study's "Random Guessing" rows (METHOD.md §7.1).</param>
/// <param name="TestAccuracy">Accuracy on the test labels of always predicting it.</param>
public sealed record MajorityBaseline(int Class, double TrainShare, double TestAccuracy);
