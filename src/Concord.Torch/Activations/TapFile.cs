using Concord.Datasets;
using Concord.Networks;
using Concord.Torch.Models;

namespace Concord.Torch.Activations;

/// <summary>One written activation array: <paramref name="Path"/> holds [Rows, Width] for the examples of
/// <paramref name="Split"/> ("train" or "test", in the split's order).</summary>
public sealed record TapFile(Tap Tap, DataSplit Split, string Path, long Rows, long Width);
