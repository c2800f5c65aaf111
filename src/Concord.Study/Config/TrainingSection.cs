using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>The <c>training</c> section (METHOD.md §5; defaults = the authors' code).</summary>
public sealed record TrainingSection
{
    /// <summary>Epochs (authors' code: 100; the paper says 150).</summary>
    public int Epochs { get; init; } = 100;
    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>SGD learning rate.</summary>
    public double LearningRate { get; init; } = 0.005;
    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Also train the Feed-Forward baseline network.</summary>
    public bool FeedForward { get; init; } = true;

    /// <summary>Every problem, with its key path.</summary>
    public IEnumerable<string> Validate()
    {
        if (Epochs <= 0) yield return "training.epochs: must be > 0";
        if (BatchSize <= 0) yield return "training.batchSize: must be > 0";
        if (!(LearningRate > 0)) yield return "training.learningRate: must be > 0";
        if (!(Momentum is >= 0 and < 1)) yield return "training.momentum: must be in [0, 1)";
    }
}
