using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>One channel-count variant of the Regular network (Table 10).</summary>
/// <param name="Name">Variant name used in tables.</param>
/// <param name="Conv1">conv1 output channels (standard 10).</param>
/// <param name="Conv2">conv2 output channels (standard 20).</param>
/// <param name="Conv3">conv3 output channels (standard 30).</param>
public sealed record ChannelVariant(string Name, int Conv1, int Conv2, int Conv3);
