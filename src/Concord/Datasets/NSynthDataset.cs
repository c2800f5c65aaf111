using System.Globalization;
using System.Text.Json;

namespace Concord.Datasets;

/// <summary>
/// An NSynth-format dataset folder in the official layout: <c>examples.json</c> (an object keyed by
/// <c>note_str</c>, each value holding the 13 fields of <see cref="NSynthNote"/>) and <c>audio/&lt;note_str&gt;.wav</c>.
/// <see cref="Load"/> validates every field; <see cref="Select"/> applies the paper's filters;
/// <see cref="ToLabelled"/> defines the tasks (instrument_family, pitch, velocity, instrument).
/// </summary>
public sealed class NSynthDataset
{
    /// <summary>
    /// The tasks of <see cref="ToLabelled"/> that a network can be trained on and a probe can decode:
    /// <c>instrument_family</c> (classification), <c>pitch</c> and <c>velocity</c> (regression). The fourth task,
    /// <c>instrument</c>, is the group used by group-disjoint splits.
    /// </summary>
    public static IReadOnlyList<string> TargetTasks { get; } = ["instrument_family", "pitch", "velocity"];

    public string Folder { get; }
    public string ExamplesJson => Path.Combine(Folder, "examples.json");
    public string AudioFolder => Path.Combine(Folder, "audio");
    /// <summary>Notes in <c>examples.json</c> order.</summary>
    public IReadOnlyList<NSynthNote> Notes { get; }

    private NSynthDataset(string folder, IReadOnlyList<NSynthNote> notes, string examplesSha256) { Folder = folder; Notes = notes; ExamplesSha256 = examplesSha256; }

    /// <summary>SHA-256 (lower-case hex) of examples.json as it was parsed.</summary>
    public string ExamplesSha256 { get; }

    /// <summary>The audio file of <paramref name="note"/>: <c>audio/&lt;note_str&gt;.wav</c>.</summary>
    public string AudioPath(NSynthNote note) => Path.Combine(AudioFolder, note.NoteStr + ".wav");

    /// <summary>
    /// Reads and validates <c>examples.json</c> in <paramref name="folder"/>. Every error is one line naming
    /// examples.json, the note key and the field: a missing field, a wrong JSON type, an out-of-range value,
    /// a duplicate <c>note_str</c>, a <c>note_str</c> that would escape the audio folder, or an empty dataset.
    /// </summary>
    public static NSynthDataset Load(string folder)
    {
        string full = Path.GetFullPath(folder);
        string json = Path.Combine(full, "examples.json");
        if (!Directory.Exists(full)) throw new ConcordException($"{full}: NSynth folder not found");
        if (!File.Exists(json)) throw ConcordException.InFile(json, "file not found (an NSynth folder holds examples.json and audio/)");
        IO.FileKinds.RequireRegularInput(json);
        JsonDocument doc;
        string sha256;
        try
        {
            byte[] bytes = File.ReadAllBytes(json);
            sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException ex) { throw ConcordException.InFile(json, $"invalid JSON (line {ex.LineNumber + 1}: {FirstLine(ex.Message)})"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw ConcordException.InFile(json, $"expected a JSON object keyed by note_str, found {Describe(doc.RootElement.ValueKind)}");
            var notes = new List<NSynthNote>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                var note = ParseNote(json, prop.Name, prop.Value);
                if (note.NoteStr != prop.Name)
                    throw Error(json, prop.Name, "note_str", $"'{note.NoteStr}' differs from its key");
                CheckPartners(json, prop.Name, note);
                if (!seen.Add(note.NoteStr))
                    throw Error(json, prop.Name, "note_str", "duplicate note_str");
                notes.Add(note);
            }
            if (notes.Count == 0) throw ConcordException.InFile(json, "empty dataset: no notes");
            CheckInstrumentNames(json, notes);
            return new NSynthDataset(full, notes, sha256);
        }
    }

    /// <summary>
    /// The notes kept by <paramref name="options"/>: filters in examples.json order, then, with a limit, NumPy-legacy
    /// <c>choice(M, Limit, replace=False)</c> seeded with <see cref="NSynthFilterOptions.Seed"/> (the chosen notes keep
    /// the draw's random order, as the paper's <c>ainds</c> did).
    /// </summary>
    public IReadOnlyList<NSynthNote> Select(NSynthFilterOptions options)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException(errors[0]);
        var kept = Notes.Where(n => (!options.AcousticOnly || n.InstrumentSource == NSynthFamilies.Acoustic)
                                    && !options.ExcludedFamilies.Contains(n.InstrumentFamily)).ToList();
        if (kept.Count == 0) throw ConcordException.InFile(ExamplesJson, $"empty dataset: no notes left after the filters (of {Notes.Count})");
        if (options.Limit is int limit && limit < kept.Count)
        {
            var pick = new LegacyNumpyRandom(options.Seed).Choice(kept.Count, limit);
            kept = pick.Select(i => kept[(int)i]).ToList();
        }
        return kept;
    }

    /// <summary>Checks that every note's audio file exists; the error names the first missing file and its note.</summary>
    public void VerifyAudio(IEnumerable<NSynthNote> notes)
    {
        foreach (var n in notes)
        {
            string p = AudioPath(n);
            if (!File.Exists(p)) throw ConcordException.InFile(p, $"audio file listed in {ExamplesJson} (note '{n.NoteStr}') is missing");
        }
    }

    /// <summary>
    /// The examples and tasks for <paramref name="notes"/> (in that order). Tasks: <c>instrument_family</c>
    /// (classification; classes = the family names of the family ids present, in ascending id order, as sklearn's
    /// LabelEncoder orders them), <c>pitch</c> and <c>velocity</c> (regression) and <c>instrument</c>
    /// (group; classes = instrument_str in ascending instrument id order).
    /// </summary>
    public LabelledDataset ToLabelled(IReadOnlyList<NSynthNote> notes)
    {
        var families = notes.Select(n => n.InstrumentFamily).Distinct().Order().ToArray();
        var familyCode = families.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => (long)x.i);
        var familyNames = families.Select(f => notes.First(n => n.InstrumentFamily == f).InstrumentFamilyStr).ToArray();
        var instruments = notes.Select(n => n.Instrument).Distinct().Order().ToArray();
        var instrumentCode = instruments.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => (long)x.i);
        var instrumentNames = instruments.Select(f => notes.First(n => n.Instrument == f).InstrumentStr).ToArray();
        var tasks = new[]
        {
            TaskLabels.Categorical("instrument_family", TaskKind.Classification, familyNames, notes.Select(n => familyCode[n.InstrumentFamily]).ToArray()),
            TaskLabels.Regression("pitch", notes.Select(n => (double)n.Pitch).ToArray()),
            TaskLabels.Regression("velocity", notes.Select(n => (double)n.Velocity).ToArray()),
            TaskLabels.Categorical("instrument", TaskKind.Group, instrumentNames, notes.Select(n => instrumentCode[n.Instrument]).ToArray()),
        };
        string[] columns = ["note", "instrument", "instrument_str", "pitch", "velocity", "sample_rate", "qualities", "qualities_str",
            "instrument_family", "instrument_family_str", "instrument_source", "instrument_source_str"];
        var rows = notes.Select(n => (IReadOnlyList<string>)
        [
            I(n.Note), I(n.Instrument), n.InstrumentStr, I(n.Pitch), I(n.Velocity), I(n.SampleRate),
            string.Join(' ', n.Qualities.Select(I)), string.Join(' ', n.QualitiesStr),
            I(n.InstrumentFamily), n.InstrumentFamilyStr, I(n.InstrumentSource), n.InstrumentSourceStr,
        ]).ToArray();
        var examples = notes.Select(n => new DatasetExample(n.NoteStr, AudioPath(n), 0, n.SampleRate)).ToArray();
        return new LabelledDataset(examples, columns, rows, tasks, [new IndexFile(ExamplesJson, ExamplesSha256)]);
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static NSynthNote ParseNote(string json, string key, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Error(json, key, null, $"expected an object, found {Describe(e.ValueKind)}");
        string noteStr = Str(json, key, e, "note_str");
        CheckSafeStem(json, key, noteStr);
        var qualities = IntArray(json, key, e, "qualities");
        foreach (int q in qualities) if (q is not (0 or 1)) throw Error(json, key, "qualities", $"values must be 0 or 1, found {q}");
        return new NSynthNote(
            Note: Int(json, key, e, "note", 0, int.MaxValue),
            NoteStr: noteStr,
            Instrument: Int(json, key, e, "instrument", 0, int.MaxValue),
            InstrumentStr: Str(json, key, e, "instrument_str"),
            Pitch: Int(json, key, e, "pitch", 0, 127),
            Velocity: Int(json, key, e, "velocity", 0, 127),
            SampleRate: Int(json, key, e, "sample_rate", 1, 1_000_000),
            Qualities: qualities,
            QualitiesStr: StrArray(json, key, e, "qualities_str"),
            InstrumentFamily: Int(json, key, e, "instrument_family", 0, NSynthFamilies.Names.Count - 1),
            InstrumentFamilyStr: Str(json, key, e, "instrument_family_str"),
            InstrumentSource: Int(json, key, e, "instrument_source", 0, NSynthFamilies.Sources.Count - 1),
            InstrumentSourceStr: Str(json, key, e, "instrument_source_str"));
    }

    /// <summary>
    /// Every redundant field agrees with its partner, so that no label is silently renamed: <c>instrument_family_str</c>
    /// and <c>instrument_source_str</c> are the names of their codes, <c>note_str</c> is
    /// <c>instrument_str-pitch-velocity</c> (three digits each), and <c>qualities_str</c> has one name per set quality.
    /// </summary>
    private static void CheckPartners(string json, string key, NSynthNote n)
    {
        string family = NSynthFamilies.Names[n.InstrumentFamily];
        if (n.InstrumentFamilyStr != family)
            throw Error(json, key, "instrument_family_str", $"'{n.InstrumentFamilyStr}' contradicts instrument_family {n.InstrumentFamily} ('{family}')");
        string source = NSynthFamilies.Sources[n.InstrumentSource];
        if (n.InstrumentSourceStr != source)
            throw Error(json, key, "instrument_source_str", $"'{n.InstrumentSourceStr}' contradicts instrument_source {n.InstrumentSource} ('{source}')");
        string expected = string.Create(CultureInfo.InvariantCulture, $"{n.InstrumentStr}-{n.Pitch:000}-{n.Velocity:000}");
        if (n.NoteStr != expected)
            throw Error(json, key, "note_str", $"'{n.NoteStr}' contradicts instrument_str, pitch and velocity ('{expected}')");
        int set = n.Qualities.Count(q => q == 1);
        if (n.QualitiesStr.Count != set)
            throw Error(json, key, "qualities_str", $"names {n.QualitiesStr.Count} qualities but qualities has {set} set");
    }

    /// <summary>One instrument id has one <c>instrument_str</c> (and one name has one id) across all notes.</summary>
    private static void CheckInstrumentNames(string json, IReadOnlyList<NSynthNote> notes)
    {
        var nameOf = new Dictionary<int, NSynthNote>();
        var idOf = new Dictionary<string, NSynthNote>(StringComparer.Ordinal);
        foreach (var n in notes)
        {
            if (nameOf.TryGetValue(n.Instrument, out var first) && first.InstrumentStr != n.InstrumentStr)
                throw Error(json, n.NoteStr, "instrument_str", $"'{n.InstrumentStr}' contradicts instrument {n.Instrument}, which note '{first.NoteStr}' calls '{first.InstrumentStr}'");
            if (idOf.TryGetValue(n.InstrumentStr, out var other) && other.Instrument != n.Instrument)
                throw Error(json, n.NoteStr, "instrument", $"{n.Instrument} contradicts instrument_str '{n.InstrumentStr}', which note '{other.NoteStr}' gives instrument {other.Instrument}");
            nameOf.TryAdd(n.Instrument, n);
            idOf.TryAdd(n.InstrumentStr, n);
        }
    }

    /// <summary>A note_str must be a plain file stem: no separators, no "..", not rooted, no control characters.</summary>
    private static void CheckSafeStem(string json, string key, string stem)
    {
        if (!IO.FileNames.IsPlainStem(stem)) throw Error(json, key, "note_str", $"'{stem}' would escape the audio folder (must be a plain file name without '/', '\\' or '..')");
    }

    private static JsonElement Field(string json, string key, JsonElement e, string field) =>
        e.TryGetProperty(field, out var v) ? v : throw Error(json, key, field, "missing field");

    private static int Int(string json, string key, JsonElement e, string field, int min, int max)
    {
        var v = Field(json, key, e, field);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int i))
            throw Error(json, key, field, $"expected an integer, found {Describe(v)}");
        if (i < min || i > max) throw Error(json, key, field, $"{i} is outside [{min}, {max}]");
        return i;
    }

    private static string Str(string json, string key, JsonElement e, string field)
    {
        var v = Field(json, key, e, field);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error(json, key, field, $"expected a string, found {Describe(v)}");
    }

    private static int[] IntArray(string json, string key, JsonElement e, string field)
    {
        var v = Field(json, key, e, field);
        if (v.ValueKind != JsonValueKind.Array) throw Error(json, key, field, $"expected an array of integers, found {Describe(v)}");
        return v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out int i)
            ? i : throw Error(json, key, field, $"expected an array of integers, found an element {Describe(x)}")).ToArray();
    }

    private static string[] StrArray(string json, string key, JsonElement e, string field)
    {
        var v = Field(json, key, e, field);
        if (v.ValueKind != JsonValueKind.Array) throw Error(json, key, field, $"expected an array of strings, found {Describe(v)}");
        return v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String
            ? x.GetString()! : throw Error(json, key, field, $"expected an array of strings, found an element {Describe(x)}")).ToArray();
    }

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => $"number {v.GetRawText()}",
        JsonValueKind.String => $"string {Truncate(v.GetRawText())}",
        _ => Describe(v.ValueKind),
    };

    private static string Describe(JsonValueKind k) => k switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => k.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..37] + "...";
    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static ConcordException Error(string json, string key, string? field, string problem) =>
        new(field is null ? $"{json}: note '{key}': {problem}" : $"{json}: note '{key}': field '{field}': {problem}");
}
