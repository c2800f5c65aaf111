namespace Concord.Features;

/// <summary>What <see cref="CacheFeatures.Prepare"/> did.</summary>
/// <param name="UpToDate">The cache already held these features for these inputs and options; nothing was computed.</param>
/// <param name="ComputedClips">Clips computed by this run.</param>
/// <param name="ReusedClips">Clips taken from committed blocks of an interrupted earlier run.</param>
/// <param name="Files">The feature files, <c>features/&lt;name&gt;.npy</c>.</param>
public sealed record CacheFeaturesResult(bool UpToDate, int ComputedClips, int ReusedClips, IReadOnlyList<string> Files)
{
    /// <summary>Reads of audio files in this run: a decode, or a hash that checks a committed part (see
    /// <see cref="Datasets.PrepareResult.FilesRead"/>).</summary>
    public int FilesRead { get; init; }
}
