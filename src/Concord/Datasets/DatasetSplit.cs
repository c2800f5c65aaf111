namespace Concord.Datasets;

/// <summary>Train and test example indices, each ascending and disjoint, covering all examples.
/// Saved as int64 <c>splits/train.npy</c> and <c>splits/test.npy</c>.</summary>
public sealed record DatasetSplit(long[] Train, long[] Test);
