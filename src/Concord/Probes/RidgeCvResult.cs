namespace Concord.Probes;

/// <summary>The outcome of <see cref="RidgeCrossValidation.Select"/>.</summary>
/// <param name="Alpha">The chosen α (smallest leave-one-out MSE, first on ties).</param>
/// <param name="Alphas">The grid, in the order given.</param>
/// <param name="LooMse">Leave-one-out mean squared error of each α (sklearn's −<c>best_score_</c> for the chosen one).</param>
/// <param name="Rank">Number of non-negligible singular directions of the centred training design.</param>
public sealed record RidgeCvResult(double Alpha, IReadOnlyList<double> Alphas, IReadOnlyList<double> LooMse, int Rank)
{
    /// <summary>True when the chosen α is the grid's smallest or largest value (the optimum may lie outside it).</summary>
    public bool AtGridEdge => Alpha == Alphas.Min() || Alpha == Alphas.Max();
}
