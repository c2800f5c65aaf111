using System.Text.Json.Nodes;
using Concord.Audio;
using Concord.IO;

namespace Concord.Datasets;

/// <summary>
/// The embedded synthetic dataset: notes of 8 families × <see cref="SynthDatasetOptions.InstrumentsPerFamily"/>
/// instruments, rendered in C# (<see cref="SynthVoices"/>) and written in the NSynth layout, so every NSynth code path
/// (reader, filters, tasks, prepare) runs on it. Deterministic: the same options give byte-identical files.
/// Notes are labelled <c>instrument_source = 0</c> ("acoustic") because they model acoustic instruments and
/// should pass the paper's acoustic-only filter; qualities are all zero.
/// </summary>
public static class SynthDataset
{
    private static readonly int[] Velocities = [25, 50, 75, 100, 127];

    /// <summary>The number of instrument families (8); each gets ⌊N/8⌋ notes, the first N mod 8 one more (<see cref="Plan"/>).</summary>
    public static int FamilyCount => Enum.GetValues<SynthFamily>().Length;

    /// <summary>
    /// The notes to generate, in note-id order (family-major). Each family gets ⌊N/8⌋ notes (the first N mod 8 families one more),
    /// dealt round-robin to its instruments; an instrument's pitches are stratified over its range with seeded jitter,
    /// its velocities cycle through {25, 50, 75, 100, 127} from a seeded start, and collisions move the pitch up.
    /// </summary>
    public static IReadOnlyList<NSynthNote> Plan(SynthDatasetOptions options)
    {
        ThrowIfInvalid(options);
        var families = Enum.GetValues<SynthFamily>();
        var instruments = Instruments(options);
        var notes = new List<NSynthNote>(options.Notes);
        for (int f = 0; f < families.Length; f++)
        {
            int perFamily = options.Notes / families.Length + (f < options.Notes % families.Length ? 1 : 0);
            for (int i = 0; i < options.InstrumentsPerFamily; i++)
            {
                var ins = instruments[f * options.InstrumentsPerFamily + i];
                int count = perFamily / options.InstrumentsPerFamily + (i < perFamily % options.InstrumentsPerFamily ? 1 : 0);
                int pitches = ins.PitchHigh - ins.PitchLow + 1;
                if (count > pitches * Velocities.Length)
                    throw new ConcordException($"synth-dataset: {count} notes per instrument exceed the {pitches * Velocities.Length} distinct pitch/velocity pairs of {ins.Name}; raise the instruments per family");
                var rng = new LegacyNumpyRandom(SeedFor(options.Seed, 1, ins.Id));
                int v0 = (int)rng.Interval(Velocities.Length - 1);
                var used = new HashSet<(int, int)>();
                for (int j = 0; j < count; j++)
                {
                    int pitch = ins.PitchLow + (int)Math.Min(pitches - 1, Math.Floor((j + rng.NextDouble()) * pitches / count));
                    int velocity = Velocities[(v0 + j) % Velocities.Length];
                    while (!used.Add((pitch, velocity))) pitch = ins.PitchLow + (pitch - ins.PitchLow + 1) % pitches;
                    string name = $"{ins.Name}-{pitch:000}-{velocity:000}";
                    notes.Add(new NSynthNote(notes.Count, name, ins.Id, ins.Name, pitch, velocity, SynthDatasetOptions.SampleRateHz,
                        new int[10], [], (int)ins.Family, ins.Family.ToString().ToLowerInvariant(), NSynthFamilies.Acoustic, "acoustic"));
                }
            }
        }
        return notes;
    }

    /// <summary>Renders one planned note: 64,000 float samples in [−1, 1] at 16 kHz.</summary>
    public static float[] Render(NSynthNote note, SynthDatasetOptions options)
    {
        var ins = Instruments(options)[note.Instrument];
        return SynthVoices.Render(ins, note.Pitch, note.Velocity, new LegacyNumpyRandom(SeedFor(options.Seed, 2, note.Note)));
    }

    /// <summary>
    /// Writes <c>examples.json</c> and <c>audio/&lt;note_str&gt;.wav</c> (16-bit PCM) into <paramref name="folder"/>, rendering
    /// notes in parallel. Each file is written atomically and examples.json last, so an interrupted run leaves no index that
    /// lists missing audio. When the folder already holds examples.json for the same options, only absent or wrongly sized
    /// audio files are rendered (a rerun of the demo is quick); otherwise everything is rewritten.
    /// </summary>
    /// <returns>The notes written.</returns>
    public static IReadOnlyList<NSynthNote> Write(string folder, SynthDatasetOptions options, IProgress<int>? progress = null,
        int maxDegreeOfParallelism = 2, CancellationToken cancellationToken = default)
    {
        var notes = Plan(options);
        string root = Path.GetFullPath(folder);
        string audio = Path.Combine(root, "audio");
        var instruments = Instruments(options);
        var index = new JsonObject();
        foreach (var n in notes) index[n.NoteStr] = ToJson(n);
        string json = index.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        string jsonPath = Path.Combine(root, "examples.json");
        // Same options as the complete dataset already in the folder: only missing audio files are rendered.
        bool same = File.Exists(jsonPath) && File.ReadAllText(jsonPath) == json;
        long noteBytes = 44 + 2L * SynthDatasetOptions.NoteSamples;
        bool Rendered(NSynthNote n) => same && File.Exists(Path.Combine(audio, n.NoteStr + ".wav")) && new FileInfo(Path.Combine(audio, n.NoteStr + ".wav")).Length == noteBytes;
        int toRender = notes.Count(n => !Rendered(n));
        DiskSpace.Require(audio, checked(toRender * noteBytes), $"{toRender} synthetic notes of {DiskSpace.Format(noteBytes)} each");
        AtomicFile.EnsureWritableDirectory(root);
        AtomicFile.EnsureWritableDirectory(audio);
        AtomicFile.CleanTemporaries(audio);
        int done = 0;
        ParallelWork.ForEach(notes, maxDegreeOfParallelism, cancellationToken, note =>
        {
            if (Rendered(note))
            {
                progress?.Report(Interlocked.Increment(ref done));
                return;
            }
            var samples = SynthVoices.Render(instruments[note.Instrument], note.Pitch, note.Velocity, new LegacyNumpyRandom(SeedFor(options.Seed, 2, note.Note)));
            WavWriter.Write(Path.Combine(audio, note.NoteStr + ".wav"), samples, SynthDatasetOptions.SampleRateHz, WavSampleFormat.Pcm16);
            progress?.Report(Interlocked.Increment(ref done));
        });
        if (!same) AtomicFile.WriteAllText(jsonPath, json);
        return notes;
    }

    /// <summary>examples.json entry of a note, with the 13 NSynth fields.</summary>
    public static JsonObject ToJson(NSynthNote n) => new()
    {
        ["note"] = n.Note, ["note_str"] = n.NoteStr, ["instrument"] = n.Instrument, ["instrument_str"] = n.InstrumentStr,
        ["pitch"] = n.Pitch, ["velocity"] = n.Velocity, ["sample_rate"] = n.SampleRate,
        ["qualities"] = new JsonArray(n.Qualities.Select(q => (JsonNode)q).ToArray()),
        ["qualities_str"] = new JsonArray(n.QualitiesStr.Select(q => (JsonNode)q).ToArray()),
        ["instrument_family"] = n.InstrumentFamily, ["instrument_family_str"] = n.InstrumentFamilyStr,
        ["instrument_source"] = n.InstrumentSource, ["instrument_source_str"] = n.InstrumentSourceStr,
    };

    private static SynthInstrument[] Instruments(SynthDatasetOptions options)
    {
        var families = Enum.GetValues<SynthFamily>();
        var list = new SynthInstrument[families.Length * options.InstrumentsPerFamily];
        for (int f = 0; f < families.Length; f++)
            for (int i = 0; i < options.InstrumentsPerFamily; i++)
            {
                int id = f * options.InstrumentsPerFamily + i;
                list[id] = SynthInstrument.Draw(id, families[f], i, new LegacyNumpyRandom(SeedFor(options.Seed, 0, id)));
            }
        return list;
    }

    /// <summary>A 32-bit seed for stream <paramref name="stream"/>, item <paramref name="item"/> (SplitMix64 finaliser).</summary>
    private static long SeedFor(int seed, int stream, int item)
    {
        ulong z = ((ulong)(uint)seed << 32) ^ ((ulong)stream << 28) ^ (uint)item;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (long)(z & 0xFFFFFFFFUL);
    }

    private static void ThrowIfInvalid(SynthDatasetOptions options)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException(errors[0]);
    }
}
