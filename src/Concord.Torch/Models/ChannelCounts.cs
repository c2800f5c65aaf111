namespace Concord.Torch.Models;

/// <summary>Output channels of conv1, conv2 and conv3. The study's default is (10, 20, 30); Table 10 also uses
/// (5, 10, 10) and (10, 10, 10).</summary>
public sealed record ChannelCounts(int Conv1, int Conv2, int Conv3)
{
    /// <summary>(10, 20, 30), the study's architecture.</summary>
    public static ChannelCounts Default { get; } = new(10, 20, 30);

    public override string ToString() => $"({Conv1},{Conv2},{Conv3})";
}
