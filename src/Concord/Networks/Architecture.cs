namespace Concord.Networks;

/// <summary>The six model families of the study (METHOD.md §1.2).</summary>
public enum Architecture
{
    /// <summary><c>CNN</c>: 5×5 convolutions.</summary>
    Regular,
    /// <summary><c>CNN_deform</c>: Regular with a deformable conv3 (§2).</summary>
    Deformable,
    /// <summary><c>CNN_dilated</c>: dilated 5×5 convolutions.</summary>
    Dilated,
    /// <summary><c>CNN_1dF</c>: (5,1) kernels along frequency.</summary>
    Freq1d,
    /// <summary><c>CNN_1dT</c>: (1,5) kernels along time.</summary>
    Time1d,
    /// <summary><c>feed_forward_class</c>: Linear(H·W,120) → BN1d → ReLU → Linear(120,K).</summary>
    FeedForward,
}
