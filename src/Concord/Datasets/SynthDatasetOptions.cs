namespace Concord.Datasets;

/// <summary>
/// Settings of the embedded synthetic NSynth-layout dataset (<c>concord synth-dataset</c>). Every note is
/// 16 kHz mono, a 3 s hold plus a 1 s release (64,000 samples), as in NSynth.
/// </summary>
public sealed record SynthDatasetOptions
{
    public const int SampleRateHz = 16000;
    public const int HoldSamples = 3 * SampleRateHz;
    public const int NoteSamples = 4 * SampleRateHz;

    /// <summary>Number of notes, spread evenly over the 8 families (default 400: 50 per family, a few seconds to generate).</summary>
    public int Notes { get; init; } = 400;

    /// <summary>Instruments per family; each has its own randomly drawn timbre parameters (default 4, so group-disjoint splits are possible).</summary>
    public int InstrumentsPerFamily { get; init; } = 4;

    /// <summary>Seed of every random choice (instrument parameters, pitches, velocities, noise). Same seed → byte-identical files.</summary>
    public int Seed { get; init; }

    public IEnumerable<string> Validate()
    {
        if (Notes < 8) yield return "Synth.Notes must be >= 8 (one per family)";
        if (Notes > 1_000_000) yield return "Synth.Notes must be <= 1000000";
        if (InstrumentsPerFamily is < 1 or > 999) yield return "Synth.InstrumentsPerFamily must be in [1, 999]";
        if (Seed < 0) yield return "Synth.Seed must be >= 0";
    }
}
