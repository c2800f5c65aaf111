namespace Concord.Networks;

/// <summary>Hooked layers (METHOD.md §6). conv1..3 are raw convolution outputs (before BN); pool1, pool2 are after
/// BN → ReLU → max-pool.</summary>
public enum Tap
{
    Conv1,
    Pool1,
    Conv2,
    Pool2,
    Conv3,
}
