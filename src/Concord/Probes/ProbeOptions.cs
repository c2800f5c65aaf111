namespace Concord.Probes;

/// <summary>Options for a whole probe run (<see cref="ProbeRunner"/>): scaling, both probes, unseen-label policy.</summary>
public sealed record ProbeOptions
{
    public StandardizationMode Standardization { get; init; } = StandardizationMode.TrainFit;
    public LogisticProbeOptions Logistic { get; init; } = new();
    public LinearProbeOptions Linear { get; init; } = new();
    public UnseenLabelPolicy UnseenLabels { get; init; } = UnseenLabelPolicy.CountAsErrors;

    /// <summary>The study's layer-wise recipe: test-set self-standardisation and the PaperSgd solver.</summary>
    public static ProbeOptions Paper { get; } = new()
    {
        Standardization = StandardizationMode.TestSelf,
        Logistic = new LogisticProbeOptions { Solver = LogisticSolver.PaperSgd },
    };

    public IEnumerable<string> Validate() => Logistic.Validate().Concat(Linear.Validate());
}
