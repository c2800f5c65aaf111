namespace Concord.Probes;

/// <summary>The fitting method recorded with each result.</summary>
public enum ProbeMethod
{
    Lbfgs,
    PaperSgd,
    LeastSquares,
    Ridge,
}
