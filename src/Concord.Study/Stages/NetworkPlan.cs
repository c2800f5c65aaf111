using Concord.Networks;
using Concord.Study.Config;
using Concord.Torch.Models;

using Concord.Experiments;

namespace Concord.Study.Stages;

/// <summary>One network the study trains: architecture, seed, task and channel variant.</summary>
/// <param name="Architecture">Architecture.</param>
/// <param name="Seed">Initialisation seed.</param>
/// <param name="Task">Training task.</param>
/// <param name="Variant">Channel variant, or null for the standard channel counts.</param>
public sealed record NetworkPlan(Architecture Architecture, int Seed, string Task, ChannelVariant? Variant)
{
    /// <summary>
    /// Every network a config needs: each architecture × seed on the main task; the Feed-Forward baseline; for the robustness
    /// matrix, the all-layer architectures × seeds on every related task; for Table 10, Regular × the first three seeds per
    /// channel variant.
    /// </summary>
    public static IReadOnlyList<NetworkPlan> For(ExperimentConfig c)
    {
        var list = new List<NetworkPlan>();
        string main = c.Dataset.MainTask;
        foreach (var a in c.Architectures)
            foreach (int s in c.Seeds) list.Add(new(a, s, main, null));
        if (c.Training.FeedForward)
            foreach (int s in c.Seeds) list.Add(new(Architecture.FeedForward, s, main, null));
        if (c.Experiments.Robustness)
            foreach (string task in c.Dataset.RelatedTasks)
                foreach (var a in c.AllLayerArchitectures)
                    foreach (int s in c.Seeds) list.Add(new(a, s, task, null));
        if (c.Experiments.Channels)
            foreach (var v in c.ChannelVariants)
                foreach (int s in c.Seeds.Take(3)) list.Add(new(Architecture.Regular, s, main, v));
        return list;
    }

    /// <summary>"regular seed 1 on family [narrow]".</summary>
    public string Label => $"{ArchitectureNames.ToName(Architecture)} seed {Seed} on {Task}" + (Variant is null ? "" : $" [{Variant.Name}]");

    /// <summary>The model options for this network under the config's profile and quirks (shape and head are set by the trainer).</summary>
    public ModelOptions Model(ExperimentConfig c) => new()
    {
        Architecture = Architecture,
        Channels = Variant is null ? ChannelCounts.Default : new ChannelCounts(Variant.Conv1, Variant.Conv2, Variant.Conv3),
        SoftmaxInModel = c.Quirks.IsOn("quirks.doubleSoftmax", c.Profile),
        DeformableSampling = c.Quirks.IsOn("quirks.deformableClampAndDouble", c.Profile) ? DeformableSampling.PaperClamp : DeformableSampling.ZeroPad,
    };
}
