using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>How examples are split into train and test.</summary>
public enum ConfigSplitKind
{
    /// <summary>Unstratified seeded random split (the paper's NSynth split).</summary>
    Random,
    /// <summary>Stratified by the main task's class.</summary>
    Stratified,
    /// <summary>By group (e.g. recording), so no group is in both splits.</summary>
    Group,
}
