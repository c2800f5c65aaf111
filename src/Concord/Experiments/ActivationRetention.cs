namespace Concord.Experiments;

/// <summary>What a run kept of its activation artefacts, for the report's Setup section.</summary>
/// <param name="Keep">The <c>activations.keep</c> setting (<c>all</c> or <c>untilConsumed</c>).</param>
/// <param name="Artefacts">Finished extractions in the run.</param>
/// <param name="Released">Extractions whose activation files were deleted after every task reading them had finished.</param>
/// <param name="ReleasedBytes">Bytes those deleted files held.</param>
/// <param name="KeptBytes">Bytes the extractions' folders hold now (what was kept).</param>
public sealed record ActivationRetention(string Keep, int Artefacts, int Released, long ReleasedBytes, long KeptBytes);
