using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>The <c>probes</c> section (METHOD.md §7; defaults = the authors' code).</summary>
public sealed record ProbeSection
{
    /// <summary>Logistic-regression epochs.</summary>
    public int Epochs { get; init; } = 100;
    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>SGD learning rate.</summary>
    public double LearningRate { get; init; } = 0.01;
    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Logistic solver: null = the profile's (paper: the study's SGD softmax regression; corrected: L-BFGS).</summary>
    public ProbeSolver? Solver { get; init; }
    /// <summary>Iteration cap of the corrected profile's L-BFGS logistic probe (sklearn's default: 1000).</summary>
    public int MaxIterations { get; init; } = 1000;
    /// <summary>Seed of the probe's initialisation (the study: 1 for every deep-feature initialisation).</summary>
    public int Seed { get; init; } = 1;
    /// <summary>
    /// Fit the paper-SGD classification probes that read one representation (its tasks) together, one wider matrix
    /// product per mini-batch; false fits them one by one. The results are bit-identical either way, so the key is in no
    /// task hash and no "differences from the paper" row: it only changes the time a probe task takes.
    /// </summary>
    public bool Batch { get; init; } = true;

    /// <summary>Every problem, with its key path.</summary>
    public IEnumerable<string> Validate()
    {
        if (Epochs <= 0) yield return "probes.epochs: must be > 0";
        if (BatchSize <= 0) yield return "probes.batchSize: must be > 0";
        if (MaxIterations <= 0) yield return "probes.maxIterations: must be > 0";
        if (!(LearningRate > 0)) yield return "probes.learningRate: must be > 0";
        if (!(Momentum is >= 0 and < 1)) yield return "probes.momentum: must be in [0, 1)";
    }
}
