namespace Concord.Probes;

/// <summary>The fitting method recorded with each result.</summary>
public enum ProbeMethod
{
    Lbfgs,
    PaperSgd,
    LeastSquares,
    Ridge,
    /// <summary>Ridge with α chosen by leave-one-out cross-validation on the training split (sklearn RidgeCV).</summary>
    RidgeCv,
}
