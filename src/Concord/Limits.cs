namespace Concord;

/// <summary>
/// Sane maxima for sizes a user chooses (docs/hardening.md, "Bounds", lists them in one table). Each is far above what
/// the methodology uses and far below what would overflow an index, exhaust memory or run for days; a value above one is
/// refused at once, naming the option, instead of being attempted.
/// </summary>
public static class Limits
{
    /// <summary>Mel bands (the study uses 128; librosa's examples at most 512).</summary>
    public const int MaxMelBands = 1024;

    /// <summary>Sample rate in Hz (384 kHz is the highest rate common audio hardware records).</summary>
    public const int MaxSampleRateHz = 384_000;

    /// <summary>Classes of one probe target (NSynth's finest classification task has 11; its 1,006 instruments are a grouping).</summary>
    public const int MaxClassesPerProbe = 4096;

    /// <summary>Output channels of one convolution layer (the study uses at most 30).</summary>
    public const int MaxChannels = 4096;

    /// <summary>Training and extraction batch size (the study uses 32).</summary>
    public const int MaxBatchSize = 65_536;
}
