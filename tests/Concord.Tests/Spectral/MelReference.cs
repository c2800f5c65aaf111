using System.Text.Json;
using Concord.Audio;
using Concord.IO;
using Concord.Spectral;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Spectral;

/// <summary>One case of Reference/audio/mel_cases.json (written by tests/reference/make_mel.py).</summary>
internal sealed record MelCase(string Name, string? FixtureNote, string? SamplesFile, int SampleRate, int FftSize, int Hop,
    int MelBands, double? FMax, PadMode PadMode, string Kind, string Output)
{
    public static IReadOnlyList<MelCase> All()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Reference("audio", "mel_cases.json")));
        var list = new List<MelCase>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var input = c.GetProperty("input");
            list.Add(new MelCase(
                c.GetProperty("name").GetString()!,
                input.TryGetProperty("fixture", out var f) ? f.GetString() : null,
                input.TryGetProperty("samples", out var s) ? s.GetString() : null,
                c.GetProperty("sample_rate").GetInt32(),
                c.GetProperty("n_fft").GetInt32(),
                c.GetProperty("hop").GetInt32(),
                c.TryGetProperty("n_mels", out var m) ? m.GetInt32() : 0,
                c.TryGetProperty("fmax", out var fm) && fm.ValueKind == JsonValueKind.Number ? fm.GetDouble() : null,
                c.GetProperty("pad_mode").GetString() == "reflect" ? PadMode.Reflect : PadMode.Constant,
                c.GetProperty("kind").GetString()!,
                c.GetProperty("output").GetString()!));
        }
        return list;
    }

    public static MelCase Get(string name) => All().Single(c => c.Name == name);

    /// <summary>The input samples, or null when the case needs the NSynth fixture and it is absent.</summary>
    public float[]? LoadInput()
    {
        if (SamplesFile is not null) return Npy.Read<float>(TestPaths.Reference("audio", SamplesFile)).Data;
        string? fixture = TestPaths.NSynthFixture();
        return fixture is null ? null : AudioFile.Load(Path.Combine(fixture, "audio", FixtureNote + ".wav")).Samples;
    }

    public NpyArray<float> Expected() => Npy.Read<float>(TestPaths.Reference("audio", Output));

    public MelSpectrogramOptions Options => new MelSpectrogramOptions() with
    {
        FftSize = FftSize, HopLength = Hop, MelBandCount = MelBands, FMaxHz = FMax, PadMode = PadMode,
    };
}
