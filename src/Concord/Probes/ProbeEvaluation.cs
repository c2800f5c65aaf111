namespace Concord.Probes;

/// <summary>
/// The outcome of one probe: fitted on the training split, scored on the test split.
/// <see cref="TestScore"/> is accuracy (fraction) for <see cref="ProbeKind.Logistic"/> and RMSE (target units) for
/// <see cref="ProbeKind.Linear"/>; <see cref="Baseline"/> is the matching chance level (majority-class test accuracy,
/// or the train-mean predictor's test RMSE).
/// </summary>
public sealed record ProbeEvaluation
{
    public required ProbeKind Kind { get; init; }
    public required ProbeMethod Method { get; init; }
    public required StandardizationMode Standardization { get; init; }
    public required int TrainRows { get; init; }
    public required int TestRows { get; init; }
    public required int Features { get; init; }
    public required double TestScore { get; init; }
    public required double TrainScore { get; init; }
    public required double Baseline { get; init; }
    /// <summary>Logistic only: the majority-class baseline in full (its train share is the study's "Random Guessing").</summary>
    public MajorityBaseline? Majority { get; init; }
    public ConfusionMatrix? Confusion { get; init; }
    public double? MacroF1 { get; init; }
    /// <summary>Linear only: test R².</summary>
    public double? R2 { get; init; }
    /// <summary>Linear only: effective rank of the centred training design.</summary>
    public int? Rank { get; init; }
    /// <summary>Number of test examples whose label never occurs in training (counted as errors).</summary>
    public int UnseenTestLabels { get; init; }
    public Concord.Numerics.LbfgsReport? Convergence { get; init; }
    public PaperSgdReport? Sgd { get; init; }
}
