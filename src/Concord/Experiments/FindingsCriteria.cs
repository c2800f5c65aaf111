using Concord.Networks;

namespace Concord.Experiments;

/// <summary>
/// Thresholds that turn the paper's qualitative findings into tests on a run's numbers. The defaults are Concord's
/// operationalisation (the paper states no thresholds); they are printed next to every verdict.
/// </summary>
public sealed record FindingsCriteria
{
    /// <summary>Finding 1/4: "well above chance" means at least this many accuracy points above the chance row.</summary>
    public double AboveChancePoints { get; init; } = 5.0;
    /// <summary>Finding 2: "almost as well" means within this many accuracy points of the network trained on the target.</summary>
    public double RobustnessPoints { get; init; } = 5.0;
    /// <summary>Finding 2 for regression targets: RMSE at most this ratio of the target-trained network's RMSE.</summary>
    public double RobustnessRmseRatio { get; init; } = 1.10;
    /// <summary>Finding 4: "about as similar" means |CKA untrained − CKA trained| at most this, averaged over early taps.</summary>
    public double UntrainedCkaTolerance { get; init; } = 0.10;
    /// <summary>Finding 5: seeds "differ" when their mean conv3 CKA is below this.</summary>
    public double SeedsDifferBelow { get; init; } = 0.95;
    /// <summary>Substrings (case-insensitive) naming the wavelet and power feature sets of finding 3.</summary>
    public IReadOnlyList<string> WaveletPowerNames { get; init; } = ["wave", "power", "meanp", "medp", "medianp"];
    /// <summary>Precondition: a trained network (one architecture, training task and seed) "learned" its task when its final
    /// test accuracy is at least this many points above the chance row; networks that did not are left out of every finding.</summary>
    public double LearnedMarginPoints { get; init; } = 10.0;
    /// <summary>Precondition for regression-trained networks: final test RMSE at most this ratio of the mean predictor's.</summary>
    public double LearnedRmseRatio { get; init; } = 0.9;

    /// <summary>Whether a final test metric shows that a network learned its task: accuracy (%) at least
    /// <see cref="LearnedMarginPoints"/> above <paramref name="chance"/>, or RMSE at most <see cref="LearnedRmseRatio"/> × the
    /// mean predictor's (<paramref name="chance"/>).</summary>
    public bool Learned(ProbeMetric metric, double value, double chance) =>
        metric == ProbeMetric.AccuracyPercent ? value >= chance + LearnedMarginPoints : value <= chance * LearnedRmseRatio;
    /// <summary>
    /// Untrained representations that are identical by construction: for each pair (kept, duplicate), the untrained
    /// duplicate architecture's <see cref="IdenticalUntrainedTaps"/> equal the kept one's for the same seed (the
    /// Deformable network differs from the Regular one at conv3 only and its earlier layers are drawn from the same seed in
    /// the same order), so findings count them once.
    /// </summary>
    public IReadOnlyList<(Architecture Kept, Architecture Duplicate)> IdenticalUntrained { get; init; } = [(Architecture.Regular, Architecture.Deformable)];
    /// <summary>The taps at which <see cref="IdenticalUntrained"/> applies.</summary>
    public IReadOnlyList<Tap> IdenticalUntrainedTaps { get; init; } = [Tap.Conv1, Tap.Pool1, Tap.Conv2, Tap.Pool2];
    /// <summary>A tap whose seed-to-seed linear CKA is below this is flagged as seed-dependent (possibly bimodal) in the evidence.</summary>
    public double SeedAgreementBelow { get; init; } = 0.5;
    /// <summary>The early taps of findings 3 and 4.</summary>
    public IReadOnlyList<Tap> EarlyTaps { get; init; } = [Tap.Conv1, Tap.Conv2, Tap.Pool2];
    /// <summary>The last convolutional tap.</summary>
    public Tap LastTap { get; init; } = Tap.Conv3;

    /// <summary>Every problem with the thresholds.</summary>
    public IEnumerable<string> Validate()
    {
        if (!(AboveChancePoints >= 0)) yield return "findings.aboveChancePoints must be ≥ 0";
        if (!(RobustnessPoints >= 0)) yield return "findings.robustnessPoints must be ≥ 0";
        if (!(RobustnessRmseRatio >= 1)) yield return "findings.robustnessRmseRatio must be ≥ 1";
        if (!(UntrainedCkaTolerance >= 0)) yield return "findings.untrainedCkaTolerance must be ≥ 0";
        if (!(SeedsDifferBelow is > 0 and <= 1)) yield return "findings.seedsDifferBelow must be in (0, 1]";
        if (!(LearnedMarginPoints >= 0)) yield return "findings.learnedMarginPoints must be ≥ 0";
        if (!(LearnedRmseRatio is > 0 and <= 1)) yield return "findings.learnedRmseRatio must be in (0, 1]";
        if (!(SeedAgreementBelow is >= 0 and <= 1)) yield return "findings.seedAgreementBelow must be in [0, 1]";
        if (EarlyTaps.Count == 0) yield return "findings.earlyTaps must not be empty";
    }
}
