using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>Which solver fits the logistic probes.</summary>
public enum ProbeSolver
{
    /// <summary>L-BFGS on sklearn's regularised objective (corrected profile's default).</summary>
    Lbfgs,
    /// <summary>The study's mini-batch SGD softmax regression (paper profile's default; cheap for wide taps).</summary>
    PaperSgd,
}
