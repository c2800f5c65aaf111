namespace Concord.Experiments.Running;

/// <summary>One activation array ([rows, width], float) of one tap of one network on one split.</summary>
/// <param name="Source">Which network and tap (a <see cref="RepresentationKind.Deep"/> representation).</param>
/// <param name="Split">"train" or "test".</param>
/// <param name="Path">The .npy file.</param>
/// <param name="Hash">Content hash of the extraction artefact.</param>
public sealed record ActivationArtefact(Representation Source, string Split, string Path, string Hash);
