using Concord.Datasets;
using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>One activation array ([rows, width], float) of one tap of one network on one split.</summary>
/// <param name="Source">Which network and tap (a <see cref="RepresentationKind.Deep"/> representation).</param>
/// <param name="Split">"train" or "test".</param>
/// <param name="Path">The .npy file.</param>
/// <param name="Hash">Content hash of the extraction artefact.</param>
/// <param name="Channels">C when the file holds un-averaged [rows, C·H·W] activations in channel-major order (per-channel CKA), else null.</param>
public sealed record ActivationArtefact(Representation Source, DataSplit Split, string Path, string Hash, int? Channels = null);
