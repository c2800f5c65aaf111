namespace Concord.Features;

/// <summary>The value a time-to-dB feature takes for a mel bin that never falls to the threshold.</summary>
public enum NeverReachedValue
{
    /// <summary>The number of frames T, one past the last frame index (corrected; the authors' commented-out <c>len(a)</c>).</summary>
    FrameCount,

    /// <summary>A fixed constant, <see cref="FeatureOptions.NeverReachedConstant"/> (128 in the paper's code, whatever T is;
    /// for 176-frame clips 128 is a valid frame index, METHOD.md §4.2, §10 item 9).</summary>
    Constant,
}
