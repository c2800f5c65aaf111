using Concord.Activations;

namespace Concord.Study.Config;

/// <summary>The <c>activations</c> section: how extracted layer activations are stored.</summary>
public sealed record ActivationsSection
{
    /// <summary><c>float32</c> (default) or <c>float16</c>: half the disk for every activation file, at the cost of
    /// float16 rounding (relative 2⁻¹¹) of every value; readers widen to float32. docs/experiments.md gives its measured
    /// effect on probe accuracy and CKA.</summary>
    public ActivationStorage Storage { get; init; } = ActivationStorage.Float32;

    /// <summary><c>all</c> (default) or <c>untilConsumed</c>: delete each extraction's activation files once every task
    /// that reads them has finished (<see cref="ActivationKeep"/>). Results are identical either way; no task's hash depends
    /// on it.</summary>
    public ActivationKeep Keep { get; init; } = ActivationKeep.All;
}
