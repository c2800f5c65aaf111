using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>The <c>experiments</c> section: each experiment of the study switched on or off.</summary>
public sealed record ExperimentSwitches
{
    /// <summary>Experiment 1 decoding tables (Tables 1, 13–14, 17–20).</summary>
    public bool Decoding { get; init; } = true;
    /// <summary>Robustness matrix by layer (Fig. 1, Table 16); trains networks on every related task.</summary>
    public bool Robustness { get; init; } = true;
    /// <summary>Channel-count variants (Table 10).</summary>
    public bool Channels { get; init; } = true;
    /// <summary>Experiment 2 similarity (Figs. 2–4, 19–30).</summary>
    public bool Similarity { get; init; } = true;
    /// <summary>Experiment 3 untrained networks (Figs. 5–6, 31–40).</summary>
    public bool Untrained { get; init; } = true;
    /// <summary>Concatenation (Tables 21–22).</summary>
    public bool Concatenation { get; init; } = true;
    /// <summary>Deep vs deep (Figs. 41–49).</summary>
    public bool DeepVsDeep { get; init; } = true;
    /// <summary>Per-channel linear CKA of one network's taps (Figs. 46–47); extracts un-averaged activations of a row sample.</summary>
    public bool ChannelSimilarity { get; init; } = true;
    /// <summary>Exploration: confusion matrices of the conv3 probes (Figs. 16–18).</summary>
    public bool Exploration { get; init; } = true;
    /// <summary>Exploration: PCA scatter by class (Fig. 11).</summary>
    public bool Pca { get; init; } = true;
    /// <summary>Exploration: example spectrograms and per-class feature traces (Figs. 8, 10, 12–13).</summary>
    public bool Examples { get; init; } = true;
    /// <summary>Exploration: mutual information of the hand-crafted features with the class (Fig. 14).</summary>
    public bool MutualInformation { get; init; } = true;

    /// <summary>Experiment id → switched on.</summary>
    public IReadOnlyList<(string Id, bool On)> Enumerate() =>
    [
        (ExperimentIds.Decoding, Decoding), (ExperimentIds.Robustness, Robustness), (ExperimentIds.Channels, Channels),
        (ExperimentIds.Similarity, Similarity), (ExperimentIds.Untrained, Untrained), (ExperimentIds.Concatenation, Concatenation),
        (ExperimentIds.DeepVsDeep, DeepVsDeep), (ExperimentIds.ChannelSimilarity, ChannelSimilarity), (ExperimentIds.Exploration, Exploration),
        (ExperimentIds.Pca, Pca), (ExperimentIds.Examples, Examples), (ExperimentIds.MutualInformation, MutualInformation),
    ];
}
