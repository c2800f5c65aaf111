namespace Concord.Datasets;

/// <summary>The 8 synthetic families, with their NSynth family ids.</summary>
internal enum SynthFamily
{
    Brass = 1,
    Flute = 2,
    Guitar = 3,
    Keyboard = 4,
    Mallet = 5,
    Reed = 7,
    String = 8,
    Vocal = 10,
}

/// <summary>
/// One synthetic instrument: its family, a MIDI pitch range, and timbre parameters drawn once from the seed.
/// Parameters are generic knobs each family interprets (see <see cref="SynthVoices"/>): <c>Bright</c> spectral
/// brightness, <c>Decay</c> a decay-time scale, <c>Shape</c> a family-specific shape (mode set, vowel, even-harmonic
/// level...), <c>VibratoHz</c>/<c>VibratoCents</c>, <c>Noise</c> a noise level, <c>TuneCents</c> a fixed detuning and
/// <c>ToneHz</c> the cut-off of a per-instrument "microphone" low-pass.
/// </summary>
internal sealed record SynthInstrument(
    int Id, SynthFamily Family, int Index, int PitchLow, int PitchHigh,
    double Bright, double Decay, int Shape, double ShapeJitter, double VibratoHz, double VibratoCents,
    double Noise, double TuneCents, double ToneHz, double GainDb)
{
    public string Name => $"{Family.ToString().ToLowerInvariant()}_acoustic_{Index:000}";

    /// <summary>Family pitch ranges (MIDI), roughly the playable ranges of the modelled instruments.</summary>
    public static (int Low, int High) Range(SynthFamily f) => f switch
    {
        SynthFamily.Brass => (34, 82),
        SynthFamily.Flute => (60, 96),
        SynthFamily.Guitar => (40, 84),
        SynthFamily.Keyboard => (24, 96),
        SynthFamily.Mallet => (53, 96),
        SynthFamily.Reed => (40, 86),
        SynthFamily.String => (36, 96),
        SynthFamily.Vocal => (45, 79),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    /// <summary>Draws instrument <paramref name="index"/> of <paramref name="family"/>: an instrument covers a random
    /// 70–100 % sub-range of the family range, and every timbre knob is uniform in a family-independent interval.</summary>
    public static SynthInstrument Draw(int id, SynthFamily family, int index, LegacyNumpyRandom rng)
    {
        var (lo, hi) = Range(family);
        int span = hi - lo;
        int width = (int)Math.Round(span * rng.Uniform(0.7, 1.0));
        int start = lo + (int)rng.Interval(span - width);
        return new SynthInstrument(id, family, index, start, start + width,
            Bright: rng.Uniform(0, 1), Decay: rng.Uniform(0.6, 1.6), Shape: (int)rng.Interval(3), ShapeJitter: rng.Uniform(-1, 1),
            VibratoHz: rng.Uniform(4.5, 6.5), VibratoCents: rng.Uniform(8, 35), Noise: rng.Uniform(0, 1),
            TuneCents: rng.Uniform(-12, 12), ToneHz: rng.Uniform(2500, 7500), GainDb: rng.Uniform(-3, 3));
    }
}
