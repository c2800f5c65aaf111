using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>
/// What earlier stages of this run produced, for later stages: artefact folders and their content hashes. One instance per
/// run (no static state). Stages add the hashes of every result row they wrote or reused to <see cref="ResultHashes"/>;
/// at the end of a complete run, rows with other hashes (from an earlier config) are pruned from the store.
/// </summary>
public sealed class RunState
{
    /// <summary>Folder of the prepared dataset cache (<see cref="Datasets.CacheLayout"/>), or null before <c>prepare</c>.</summary>
    public string? PreparedCache { get; set; }
    /// <summary>Content hash of the prepared cache.</summary>
    public string? PreparedHash { get; set; }
    /// <summary>Folder holding <c>&lt;feature&gt;.npy</c> hand-crafted features, or null before <c>features</c>.</summary>
    public string? FeaturesDir { get; set; }
    /// <summary>Content hash of the features artefact.</summary>
    public string? FeaturesHash { get; set; }
    /// <summary>Trained networks, in training order.</summary>
    public List<NetworkArtefact> Networks { get; } = [];
    /// <summary>Activation files of trained and untrained networks.</summary>
    public List<ActivationArtefact> Activations { get; } = [];
    /// <summary>
    /// Un-averaged activations [rows, C·H·W] of a row sample of the training split, for the per-channel CKA
    /// (<see cref="ActivationArtefact.Channels"/> set); kept apart so the other experiments never see them.
    /// </summary>
    public List<ActivationArtefact> ChannelActivations { get; } = [];
    /// <summary>Hashes of every result row written or reused in this run.</summary>
    public HashSet<string> ResultHashes { get; } = new(StringComparer.Ordinal);
    /// <summary>Experiments marked by stages (done / not measured with reason).</summary>
    public Dictionary<string, ExperimentState> Experiments { get; } = new(StringComparer.Ordinal);

    /// <summary>Records an experiment's state; a NotMeasured/Failed mark is never replaced by a later Done.</summary>
    public void Mark(string experiment, StageStatus status, string reason = "")
    {
        if (Experiments.TryGetValue(experiment, out var old) && old.Status != StageStatus.Done && status == StageStatus.Done) return;
        Experiments[experiment] = new ExperimentState(experiment, status, reason);
    }
}
