using Concord.Networks;
using Concord.Torch.Models;

namespace Concord.Torch.Activations;

/// <summary>Options of activation extraction (METHOD.md §6). Defaults: the corrected profile, all five taps, the
/// study's channel means on conv1 and pool1, float32.</summary>
public sealed record ExtractionOptions
{
    public IReadOnlyList<Tap> Taps { get; init; } = [Tap.Conv1, Tap.Pool1, Tap.Conv2, Tap.Pool2, Tap.Conv3];
    /// <summary>Taps averaged over channels before flattening ([N, H·W] instead of [N, C·H·W]). The study averages conv1 and pool1.</summary>
    public IReadOnlySet<Tap> ChannelMean { get; init; } = new HashSet<Tap> { Tap.Conv1, Tap.Pool1 };
    public ActivationStorage Storage { get; init; } = ActivationStorage.Float32;
    public UntrainedBatchNorm UntrainedBatchNorm { get; init; } = UntrainedBatchNorm.Eval;
    /// <summary>Batch size; it matters only for <see cref="UntrainedBatchNorm.TrainModeFixedBatches"/> (the authors used 64).</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>
    /// At most this many examples of each split, evenly spread over it (<see cref="Concord.Numerics.EvenSample"/>), in
    /// split order; null = all. Bounds the size of un-averaged early taps (e.g. for per-channel CKA).
    /// </summary>
    public int? MaxRows { get; init; }
    /// <summary>Also extract the test split (false: the training split only).</summary>
    public bool IncludeTest { get; init; } = true;
    public TorchDevice Device { get; init; } = TorchDevice.Cpu;
    public int? Threads { get; init; }

    /// <summary>The paper profile: untrained models keep BN in train mode over fixed batches.</summary>
    public ExtractionOptions AsPaper() => this with { UntrainedBatchNorm = UntrainedBatchNorm.TrainModeFixedBatches };

    public IEnumerable<string> Validate()
    {
        if (Taps.Count == 0) yield return "Extraction.Taps must not be empty";
        if (Taps.Distinct().Count() != Taps.Count) yield return "Extraction.Taps has duplicates";
        if (BatchSize < 1) yield return "Extraction.BatchSize must be ≥ 1";
        if (Threads is < 1) yield return "Extraction.Threads must be ≥ 1";
        if (MaxRows is < 1) yield return "Extraction.MaxRows must be ≥ 1";
    }
}
