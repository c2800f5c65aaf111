using Concord.Networks;
using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>A trained network in the artefact cache.</summary>
/// <param name="Architecture">Architecture.</param>
/// <param name="Seed">Initialisation seed.</param>
/// <param name="Task">Task it was trained on.</param>
/// <param name="Variant">Channel-count variant name, or null.</param>
/// <param name="ModelPath">The model file.</param>
/// <param name="Hash">Content hash of the training artefact.</param>
public sealed record NetworkArtefact(Architecture Architecture, int Seed, string Task, string? Variant, string ModelPath, string Hash);
