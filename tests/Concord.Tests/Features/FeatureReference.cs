using System.Text.Json;
using Concord.IO;
using Concord.Spectral;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Features;

/// <summary>Reads tests/Concord.Tests/Reference/features (written by tests/reference/make_features.py).</summary>
internal static class FeatureReference
{
    public sealed record Case(string Name, int SampleRateHz, JsonElement Json);

    private static readonly Lazy<JsonDocument> Doc = new(() =>
        JsonDocument.Parse(System.IO.File.ReadAllText(TestPaths.Reference("features", "manifest.json"))));

    public static JsonElement Manifest => Doc.Value.RootElement;

    public static IEnumerable<Case> Cases() =>
        Manifest.GetProperty("cases").EnumerateArray()
            .Select(c => new Case(c.GetProperty("name").GetString()!, c.GetProperty("sampleRateHz").GetInt32(), c));

    public static Case Get(string name) => Cases().Single(c => c.Name == name);

    public static IEnumerable<object[]> CaseProfiles() =>
        Cases().SelectMany(c => new[] { "paper", "corrected" }.Select(p => new object[] { c.Name, p }));

    public static string File(string name) => TestPaths.Reference("features", name);

    public static Spectrogram MelDb(Case c, string profile)
    {
        var arr = Npy.Read<float>(File(c.Json.GetProperty("profiles").GetProperty(profile).GetProperty("melDb").GetString()!));
        return new Spectrogram((int)arr.Shape[0], (int)arr.Shape[1], arr.Data);
    }

    /// <summary>name → expected vector for one case and profile.</summary>
    public static Dictionary<string, double[]> Expected(Case c, string profile)
    {
        var p = c.Json.GetProperty("profiles").GetProperty(profile);
        var all = Npy.Read<double>(File(p.GetProperty("expected").GetString()!)).Data;
        return p.GetProperty("layout").EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => all.AsSpan(e.GetProperty("offset").GetInt32(), e.GetProperty("length").GetInt32()).ToArray());
    }

    /// <summary>The samples of a synthetic case (int16 .npy scaled by 1/32768), or null for fixture notes.</summary>
    public static float[]? SyntheticSamples(Case c)
    {
        if (!c.Json.TryGetProperty("npy", out var npy)) return null;
        var q = Npy.Read<float>(File(npy.GetString()!)).Data;
        for (int i = 0; i < q.Length; i++) q[i] /= 32768f;
        return q;
    }

    /// <summary>The fixture wav of an NSynth case, or null when the fixture is absent or the case is synthetic.</summary>
    public static string? FixtureWav(Case c)
    {
        if (!c.Json.TryGetProperty("wav", out var wav)) return null;
        var root = TestPaths.NSynthFixture();
        return root is null ? null : Path.Combine(root, wav.GetString()!);
    }
}
