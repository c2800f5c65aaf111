namespace Concord.Datasets;

/// <summary>What <see cref="DatasetPreparer.Prepare"/> did.</summary>
/// <param name="Cache">The cache folder.</param>
/// <param name="UpToDate">True when the cache already matched the inputs and options, so nothing was recomputed.</param>
/// <param name="ComputedClips">Mel spectrograms computed in this run.</param>
/// <param name="ReusedClips">Mel spectrograms taken from blocks committed by an interrupted earlier run.</param>
/// <param name="Manifest">The cache's manifest.</param>
public sealed record PrepareResult(string Cache, bool UpToDate, int ComputedClips, int ReusedClips, PrepareManifest Manifest)
{
    /// <summary>Files of an earlier complete cache in this folder found damaged (truncated, altered, missing), which is why it was recomputed.</summary>
    public IReadOnlyList<Concord.IO.FileDamage> Damaged { get; init; } = [];

    /// <summary>Reads of audio files in this run (a decode, or a hash of a file whose committed output was checked). Each file
    /// is read once, except when a complete cache or a committed part is found stale: then its files were hashed to find that
    /// out, and are decoded again.</summary>
    public int FilesRead { get; init; }
}
