namespace Concord.Datasets;

/// <summary>Where in its recording a clip lies: the recording's length split into thirds (paper §B.1, Composer "part of piece").</summary>
public static class RecordingPart
{
    /// <summary>Class names of the <c>part</c> task, in code order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["beginning", "middle", "end"];

    /// <summary>
    /// Third of a clip: ⌊3·m / S⌋ with m the clip's midpoint sample min((i + ½)·L, S) and S the recording length in samples,
    /// clamped to 0..2. With 10 clips of a 40 s recording this gives 3 beginning, 4 middle, 3 end.
    /// </summary>
    public static int Of(int clipIndex, int clipLength, long recordingSamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordingSamples);
        double mid = Math.Min((clipIndex + 0.5) * clipLength, recordingSamples);
        return Math.Clamp((int)Math.Floor(3 * mid / recordingSamples), 0, 2);
    }
}
