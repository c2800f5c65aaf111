namespace Concord.Datasets;

/// <summary>Which defaults <c>concord prepare</c> resolves (see docs/datasets.md, "Profiles").</summary>
public enum DatasetProfile
{
    /// <summary>Current librosa semantics: STFT centre padding with zeros (librosa ≥ 0.10).</summary>
    Corrected,
    /// <summary>The paper's librosa 0.8: reflect padding.</summary>
    Paper,
}
