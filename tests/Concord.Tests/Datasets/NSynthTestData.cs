using System.Text.Json.Nodes;

namespace Concord.Tests.Datasets;

/// <summary>Builds small NSynth-format examples.json files (and placeholder audio) for reader tests.</summary>
internal static class NSynthTestData
{
    public static JsonObject Note(int id, string family = "brass", int familyId = 1, int instrument = 0, int pitch = 60, int velocity = 100, int source = 0)
    {
        string noteStr = $"{family}_acoustic_{instrument:000}-{pitch:000}-{velocity:000}";
        return new JsonObject
        {
            ["note"] = id, ["note_str"] = noteStr, ["instrument"] = instrument, ["instrument_str"] = $"{family}_acoustic_{instrument:000}",
            ["pitch"] = pitch, ["velocity"] = velocity, ["sample_rate"] = 16000,
            ["qualities"] = new JsonArray(0, 1, 0, 0, 0, 0, 0, 0, 0, 0), ["qualities_str"] = new JsonArray("bright"),
            ["instrument_family"] = familyId, ["instrument_family_str"] = family,
            ["instrument_source"] = source, ["instrument_source_str"] = source == 0 ? "acoustic" : "electronic",
        };
    }

    /// <summary>Writes examples.json (keyed by note_str) into <paramref name="folder"/>; with <paramref name="touchAudio"/>, empty audio files too.</summary>
    public static void Write(string folder, IEnumerable<JsonObject> notes, bool touchAudio = true)
    {
        Directory.CreateDirectory(Path.Combine(folder, "audio"));
        var root = new JsonObject();
        foreach (var n in notes)
        {
            string key = n["note_str"]?.GetValue<string>() ?? "missing";
            root[key] = n;
            if (touchAudio && !key.Contains('/')) File.WriteAllBytes(Path.Combine(folder, "audio", key + ".wav"), []);
        }
        File.WriteAllText(Path.Combine(folder, "examples.json"), root.ToJsonString());
    }
}
