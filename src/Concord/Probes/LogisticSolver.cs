namespace Concord.Probes;

/// <summary>How the multinomial logistic probe is fitted.</summary>
public enum LogisticSolver
{
    /// <summary>Full-batch L-BFGS to the L2-regularised optimum (sklearn <c>LogisticRegression(solver='lbfgs')</c>).</summary>
    Lbfgs,
    /// <summary>The study's recipe: SGD with momentum, fixed order, fixed epochs, double softmax (METHOD.md §7.1).</summary>
    PaperSgd,
}
