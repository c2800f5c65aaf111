using Concord.Datasets;

namespace Concord.Experiments;

/// <summary>
/// One similarity result between two representations, with an optional bootstrap confidence interval and permutation
/// p-value. One row of the <c>similarity_results</c> table.
/// </summary>
/// <param name="Experiment">Experiment id (see <see cref="ExperimentIds"/>).</param>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Profile">Profile name.</param>
/// <param name="Split">"train" or "test": the examples the measure was computed on.</param>
/// <param name="Left">Left side (usually the deep representation).</param>
/// <param name="Right">Right side (a hand-crafted set, another tap, another seed...).</param>
/// <param name="Measure">Which measure.</param>
/// <param name="Value">The measure's value.</param>
/// <param name="CiLow">Lower bound of the bootstrap percentile interval, or null when no bootstrap was run.</param>
/// <param name="CiHigh">Upper bound of the bootstrap percentile interval, or null.</param>
/// <param name="PValue">Permutation p-value, or null when no permutation test was run.</param>
/// <param name="Permutations">Number of permutations (0 when none).</param>
/// <param name="BootstrapSamples">Number of bootstrap resamples (0 when none).</param>
/// <param name="N">Examples used.</param>
/// <param name="ArtefactHash">Content hash of the inputs and options (the upsert key).</param>
public sealed record SimilarityRecord(
    string Experiment,
    string Dataset,
    string Profile,
    DataSplit Split,
    Representation Left,
    Representation Right,
    SimilarityMeasure Measure,
    double Value,
    double? CiLow,
    double? CiHigh,
    double? PValue,
    int Permutations,
    int BootstrapSamples,
    int N,
    string ArtefactHash)
{
    /// <summary>
    /// Widest side (columns) of a pair for which a study computes the bootstrap CI and the p-value (<see cref="CiLow"/>,
    /// <see cref="PValue"/>): the bootstrap and the random permutations work in feature space (n·p² per resample), which is
    /// prohibitive for the wide early taps. Wider pairs record no CI, and a p-value only from the moments (see
    /// <see cref="MaxWideMomentRows"/>).
    /// </summary>
    public const int MaxCalibratedColumns = 2048;

    /// <summary>
    /// Most examples for which a wider pair still gets the moment-based p-value (<see cref="PValue"/> with no permutation):
    /// its n × n form then costs less than the CKA and one more n × n matrix (at most 134 MB).
    /// </summary>
    public const int MaxWideMomentRows = 4096;
}
