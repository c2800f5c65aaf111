using Concord.Networks;

namespace Concord.Experiments;

/// <summary>
/// A network whose training diverged (a non-finite loss or weight): it has no model, so nothing that reads it was
/// measured. The report's training section lists it with where it diverged.
/// </summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Profile">Profile name.</param>
/// <param name="Architecture">Architecture.</param>
/// <param name="Seed">Initialisation seed.</param>
/// <param name="Task">The task the network was trained on.</param>
/// <param name="Variant">Channel-count variant, or null for the standard network.</param>
/// <param name="Epoch">1-based epoch in which it diverged.</param>
/// <param name="Batch">1-based batch of that epoch; 0 when found by the end-of-epoch weight check.</param>
/// <param name="Reason">What was not finite (e.g. "the training loss is NaN").</param>
/// <param name="ArtefactHash">Content hash of the train task.</param>
public sealed record DivergedNetwork(
    string Dataset, string Profile, Architecture Architecture, int Seed, string Task, string? Variant, int Epoch, int Batch, string Reason, string ArtefactHash)
{
    /// <summary>"epoch 3, batch 12" or "epoch 3 (weights after the epoch)".</summary>
    public string Where => Batch > 0 ? $"epoch {Epoch}, batch {Batch}" : $"epoch {Epoch} (weights after the epoch)";
}
