using System.Diagnostics;
using System.Text.Json.Nodes;
using Concord.Cli;
using Concord.Datasets;
using Concord.Tests.Datasets;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Cli;

public sealed class DatasetCommandsTests
{
    /// <summary>Runs the built CLI (concord.dll next to the tests) as a process: exit code and stderr.</summary>
    private static (int Exit, string Stderr) RunProcess(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "concord.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stderr.Result.Trim());
    }

    private static int RunInProcess(params string[] args) => CliSetup.Run(args);

    /// <summary>A valid NSynth folder of 4 notes with real audio (copied from a tiny synthetic dataset), then <paramref name="spoil"/> applied.</summary>
    private static string Dataset(TempDir t, string kind, Action<string, JsonObject> spoil)
    {
        string dir = t.File("data");
        SynthDataset.Write(dir, new SynthDatasetOptions { Notes = 8, Seed = 5 });
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "examples.json")))!.AsObject();
        spoil(dir, root);
        string json = root.ToJsonString();
        if (kind == "duplicate") // a literal duplicate key: the first note listed twice
        {
            var first = root.First();
            json = json[..^1] + "," + JsonValue.Create(first.Key).ToJsonString() + ":" + first.Value!.ToJsonString() + "}";
        }
        File.WriteAllText(Path.Combine(dir, "examples.json"), json);
        return dir;
    }

    private static JsonObject First(JsonObject root) => root.First().Value!.AsObject();

    public static TheoryData<string, string> BadInputs => new()
    {
        { "missing-field", "field 'velocity': missing field" },
        { "wrong-type", "field 'pitch': expected an integer" },
        { "duplicate", "duplicate note_str" },
        { "escape", "would escape the audio folder" },
        { "absent-audio", "is missing" },
        { "empty", "empty dataset" },
        { "corrupt-wav", "not a recognised audio file" },
        { "unwritable", "not writable" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void PrepareBadInputExitsNonZeroWithOneLineAndNoOutput(string kind, string expected)
    {
        using var t = new TempDir();
        string data = Dataset(t, kind, (dir, root) =>
        {
            var first = First(root);
            switch (kind)
            {
                case "missing-field": first.Remove("velocity"); break;
                case "wrong-type": first["pitch"] = "sixty"; break;
                case "escape": first["note_str"] = "../" + first["note_str"]!.GetValue<string>(); break;
                case "absent-audio": File.Delete(Path.Combine(dir, "audio", first["note_str"]!.GetValue<string>() + ".wav")); break;
                case "empty": foreach (var k in root.Select(p => p.Key).ToList()) root.Remove(k); break;
                case "corrupt-wav": File.WriteAllBytes(Path.Combine(dir, "audio", first["note_str"]!.GetValue<string>() + ".wav"), new byte[100]); break;
            }
        });
        File.WriteAllText(t.File("file"), "x");
        string output = kind == "unwritable" ? Path.Combine(t.File("file"), "cache") : t.File("cache");
        var (exit, stderr) = RunProcess("prepare", "--dataset", "nsynth", "--input", data, "--out", output);
        Assert.Equal(CliSetup.ExitCodes.UserError, exit);
        Assert.Single(stderr.Split('\n'));
        Assert.StartsWith("error:", stderr);
        Assert.Contains(expected, stderr);
        Assert.False(Directory.Exists(t.File("cache")), "no partial output");
    }

    [Fact]
    public void SynthDatasetThenPrepareSucceed()
    {
        using var t = new TempDir();
        Assert.Equal(0, RunInProcess("synth-dataset", "--out", t.File("data"), "--notes", "16", "--seed", "2"));
        Assert.Equal(16, NSynthDataset.Load(t.File("data")).Notes.Count);
        Assert.Equal(0, RunInProcess("prepare", "--dataset", "nsynth", "--input", t.File("data"), "--out", t.File("cache"), "--split", "stratified",
            "--profile", "paper"));
        var cache = PreparedCache.Open(t.File("cache"));
        Assert.Equal(16, cache.Count);
        Assert.Equal(8, cache.TestIndices().Length);  // one of the two notes of each family
        Assert.Equal("reflect", cache.Manifest.Options["mel"]!["pad_mode"]!.GetValue<string>());
        Assert.Equal("stratified", cache.Manifest.Options["split"]!["kind"]!.GetValue<string>());

        Assert.Equal(CliSetup.ExitCodes.Usage, RunInProcess("synth-dataset", "--notes", "8"));   // --out missing
    }
}
