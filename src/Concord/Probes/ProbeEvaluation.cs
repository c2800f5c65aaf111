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
    /// <summary>Linear only: the ridge penalty used (0 for least squares); with <see cref="ProbeMethod.RidgeCv"/> the chosen one.</summary>
    public double? Alpha { get; init; }
    /// <summary>
    /// Linear only: the fit is degenerate, i.e. unregularised least squares with p = d + 1 parameters (intercept included)
    /// ≥ n training rows, which interpolates the training set; its test RMSE says nothing about the features
    /// (<see cref="IsDegenerateLeastSquares"/>).
    /// </summary>
    public bool Degenerate { get; init; }
    /// <summary>Number of test examples whose label never occurs in training (counted as errors).</summary>
    public int UnseenTestLabels { get; init; }
    public Concord.Numerics.LbfgsReport? Convergence { get; init; }
    public PaperSgdReport? Sgd { get; init; }

    /// <summary>The reason shown for a degenerate cell.</summary>
    public const string DegenerateReason = "degenerate (p ≥ n): unregularised least squares with at least as many parameters as training rows interpolates the training set";

    /// <summary>
    /// True for an unregularised least-squares fit whose d features plus the intercept are at least the number of
    /// training rows (centring leaves rank ≤ n − 1, so d ≥ n − 1 already interpolates generic data).
    /// </summary>
    public static bool IsDegenerateLeastSquares(ProbeMethod method, int features, int trainRows) =>
        method == ProbeMethod.LeastSquares && (long)features + 1 >= trainRows;
}
