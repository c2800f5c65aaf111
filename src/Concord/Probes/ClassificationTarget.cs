namespace Concord.Probes;

/// <summary>
/// One classification probe among several fitted on the same features (<see cref="LogisticProbe.Fit(Concord.Numerics.Matrix, IReadOnlyList{ClassificationTarget}, Concord.Numerics.Matrix?, CancellationToken)"/>,
/// <see cref="ProbeRunner.Classify(ProbeDesign, IReadOnlyList{ClassificationTarget}, CancellationToken)"/>): its labels and,
/// for <see cref="LogisticSolver.PaperSgd"/>, its own initialisation. Every probe of a PaperSgd call trains in one
/// batched loop, with results bit-identical to fitting each alone.
/// </summary>
public sealed record ClassificationTarget
{
    /// <summary>Training labels, one per training row (any integers; classes are their sorted distinct values).</summary>
    public required int[] Labels { get; init; }
    /// <summary>Test labels, one per test row; optional for <see cref="LogisticProbe"/>, required by <see cref="ProbeRunner"/>.</summary>
    public int[]? TestLabels { get; init; }
    /// <summary>PaperSgd only: the seed of the PyTorch-style initialisation; null = <see cref="PaperSgdOptions.Seed"/>.</summary>
    public int? Seed { get; init; }
    /// <summary>PaperSgd only: [K·d] weights and [K] bias overriding the seeded initialisation.</summary>
    public (float[] Weight, float[] Bias)? InitialWeights { get; init; }
}
