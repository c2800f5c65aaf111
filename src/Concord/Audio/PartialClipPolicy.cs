namespace Concord.Audio;

/// <summary>What <see cref="ClipSlicer"/> does with a final piece shorter than the clip length.</summary>
public enum PartialClipPolicy
{
    /// <summary>Drop it (the paper's behaviour for Composer/Beethoven).</summary>
    Drop,

    /// <summary>Keep it, zero-padded at the end to the full clip length.</summary>
    ZeroPad,
}
