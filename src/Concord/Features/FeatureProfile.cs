namespace Concord.Features;

/// <summary>Which set of defaults <see cref="FeatureOptions.For"/> returns.</summary>
public enum FeatureProfile
{
    /// <summary>Fixes the study's quirks: true sample rate, frame-count sentinel, constant padding (librosa ≥ 0.10).</summary>
    Corrected,

    /// <summary>Reproduces every quirk of the authors' code (METHOD.md §10 items 9 and 10, librosa 0.8 reflect padding).</summary>
    Paper,
}
