namespace Concord.Probes;

/// <summary>The training history of a <see cref="LogisticSolver.PaperSgd"/> fit; the study reports the final epoch.</summary>
public sealed record PaperSgdReport(IReadOnlyList<PaperSgdEpoch> History)
{
    public PaperSgdEpoch Final => History[^1];
}
