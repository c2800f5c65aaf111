namespace Concord.Probes;

/// <summary>Metrics of one <see cref="LogisticSolver.PaperSgd"/> epoch, as the study's loop computes them.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean per-example loss over the epoch's batches (batch means weighted by batch size), during training.</param>
/// <param name="TrainAccuracy">Running accuracy of the forward outputs during the epoch (before each step).</param>
/// <param name="TestLoss">Mean loss on the test set after the epoch (NaN when no test set was given).</param>
/// <param name="TestAccuracy">Test accuracy after the epoch (NaN when no test set was given).</param>
public sealed record PaperSgdEpoch(int Epoch, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy);

/// <summary>The training history of a <see cref="LogisticSolver.PaperSgd"/> fit; the study reports the final epoch.</summary>
public sealed record PaperSgdReport(IReadOnlyList<PaperSgdEpoch> History)
{
    public PaperSgdEpoch Final => History[^1];
}
