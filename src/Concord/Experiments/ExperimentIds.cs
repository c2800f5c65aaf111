namespace Concord.Experiments;

/// <summary>Experiment ids used as the <c>experiment</c> column in the results store and to group the report.</summary>
public static class ExperimentIds
{
    /// <summary>Training of every network (training curves, Table 1 network rows).</summary>
    public const string Training = "training";
    /// <summary>Experiment 1: decoding table, RMSE tables, related tasks (Tables 1, 13–14, 17–20).</summary>
    public const string Decoding = "exp1-decoding";
    /// <summary>Experiment 1: robustness matrix by layer (Fig. 1, Table 16).</summary>
    public const string Robustness = "exp1-robustness";
    /// <summary>Experiment 1: channel-count variants (Table 10).</summary>
    public const string Channels = "exp1-channels";
    /// <summary>Experiment 2: similarity of trained networks with hand-crafted features (Figs. 2–4, 19–30).</summary>
    public const string Similarity = "exp2-similarity";
    /// <summary>Experiment 3: untrained networks, decoding and similarity (Figs. 5–6, 31–40).</summary>
    public const string Untrained = "exp3-untrained";
    /// <summary>Concatenation of deep conv3 with each hand-crafted set (Tables 21–22).</summary>
    public const string Concatenation = "concatenation";
    /// <summary>Deep vs deep: init × init, arch × arch, layer × layer, per channel (Figs. 41–49).</summary>
    public const string DeepVsDeep = "deep-vs-deep";
    /// <summary>Deep vs deep, per channel: linear CKA between the channels of each tap of one network (Figs. 46–47).</summary>
    public const string ChannelSimilarity = "deep-vs-deep-channels";
    /// <summary>Exploration: confusion matrices of the conv3 probes (Figs. 16–18).</summary>
    public const string Exploration = "exploration";
    /// <summary>Exploration: PCA scatter by class of the input, the hand-crafted features and conv3 (Fig. 11).</summary>
    public const string Pca = "exploration-pca";
    /// <summary>Exploration: example spectrograms per class and per-class feature traces (Figs. 8, 10, 12–13).</summary>
    public const string Examples = "exploration-examples";
    /// <summary>Exploration: mutual information of each hand-crafted feature column with the class (Fig. 14).</summary>
    public const string MutualInformation = "exploration-mi";

    /// <summary>The config key that switches <paramref name="experiment"/> on or off (e.g. "experiments.channels" for
    /// <see cref="Channels"/>); the ids are not the config's property names.</summary>
    public static string ConfigKey(string experiment) => "experiments." + experiment switch
    {
        Decoding => "decoding",
        Robustness => "robustness",
        Channels => "channels",
        Similarity => "similarity",
        Untrained => "untrained",
        Concatenation => "concatenation",
        DeepVsDeep => "deepVsDeep",
        ChannelSimilarity => "channelSimilarity",
        Exploration => "exploration",
        Pca => "pca",
        Examples => "examples",
        MutualInformation => "mutualInformation",
        _ => experiment,
    };
}
