using System.Text;
using System.Text.Json.Nodes;
using Concord.Audio;
using Concord.Cli;
using Concord.IO;
using Concord.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Concord.Tests.FaultMatrix;

/// <summary>
/// Property-style robustness (issue 14): 200 randomly mutated study configs and 200 randomly mutated WAV and .npy
/// headers go through the CLI's own entry point (<see cref="CliSetup.Run"/>, in-process: 400 process start-ups would cost
/// minutes; the fault matrix runs the same code as processes). None may exit 70 (internal error), take longer than 30 s,
/// or leave a <c>*.tmp-*</c> file. The mutations are seeded, so a failure names a reproducible case.
/// </summary>
public sealed class MutationPropertyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static int RunCli(string[] args, string label)
    {
        var task = Task.Run(() => CliSetup.Run(args));
        Assert.True(task.Wait(Limit), $"{label}: no exit within {Limit.TotalSeconds} s");
        return task.Result;
    }

    private static void AssertClean(string dir, string label) =>
        Assert.False(Directory.EnumerateFileSystemEntries(dir, "*.tmp-*", SearchOption.AllDirectories).Any(), $"{label}: a *.tmp-* was left behind");

    private static readonly JsonNode?[] Extremes =
        [0, -1, int.MaxValue, long.MaxValue, 1e308, -1e308, 1e-300, "", "x", true, null, new JsonArray(), new JsonObject(), "../../etc", "NaN"];

    /// <summary>One of: drop a key, duplicate a key (textually), retype a value, set an extreme value; anywhere but "output".</summary>
    private static string Mutate(JsonObject config, Random rng)
    {
        var objects = new List<JsonObject>();
        void Walk(JsonNode? n) { if (n is JsonObject o) { objects.Add(o); foreach (var (_, v) in o) Walk(v); } else if (n is JsonArray a) foreach (var v in a) Walk(v); }
        int edits = rng.Next(1, 4);
        string? duplicate = null;
        for (int e = 0; e < edits; e++)
        {
            objects.Clear();
            Walk(config);
            var target = objects[rng.Next(objects.Count)];
            var keys = target.Select(kv => kv.Key).Where(k => k != "output").ToList();
            if (keys.Count == 0) continue;
            string key = keys[rng.Next(keys.Count)];
            switch (rng.Next(4))
            {
                case 0: target.Remove(key); break;
                case 1: duplicate = key; break;
                case 2: target[key] = target[key] switch { JsonValue v when v.TryGetValue<int>(out int i) => i.ToString(), JsonArray => "list", JsonObject => 3, _ => 7 }; break;
                default: target[key] = Extremes[rng.Next(Extremes.Length)]?.DeepClone(); break;
            }
        }
        string text = config.ToJsonString();
        if (duplicate is not null)
        {
            int at = text.IndexOf("\"" + duplicate + "\":", StringComparison.Ordinal);
            if (at >= 0) text = text.Insert(at, "\"" + duplicate + "\":1,");
        }
        return text;
    }

    [Fact]
    public void MutatedConfigsNeverCrashHangOrLeaveTemporaries()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("blocker"), "a file, so that a config that passes every check cannot create its run folder");
        var rng = new Random(14);
        var exits = new Dictionary<int, int>();
        for (int i = 0; i < 200; i++)
        {
            var c = JsonNode.Parse($$"""
                { "name": "m", "dataset": { "kind": "synth", "limit": 16, "split": "stratified", "mainTask": "instrument_family" },
                  "features": ["mean_power"], "architectures": ["Regular"], "allLayerArchitectures": ["Regular"], "taps": ["conv3"],
                  "seeds": [1], "training": { "epochs": 1, "batchSize": 8, "feedForward": false },
                  "frontEnd": { "sampleRateHz": 16000, "melBands": 128 },
                  "similarity": { "measures": ["linearCka"] }, "threads": 1, "output": "blocker/run{{i}}" }
                """)!.AsObject();
            string path = t.File($"c{i}.json");
            File.WriteAllText(path, Mutate(c, rng));
            int exit = RunCli(["run", path], $"config {i}: {File.ReadAllText(path)}");
            exits[exit] = exits.GetValueOrDefault(exit) + 1;
            Assert.True(exit != CliSetup.ExitCodes.Internal, $"config {i} exits 70: {File.ReadAllText(path)}");
            AssertClean(t.Path, $"config {i}");
        }
        output.WriteLine("config exits: " + string.Join(", ", exits.OrderBy(e => e.Key).Select(e => $"{e.Key}×{e.Value}")));
    }

    [Fact]
    public void MutatedWavAndNpyHeadersNeverCrashHangOrLeaveTemporaries()
    {
        using var t = new TempDir();
        var rng = new Random(1414);
        byte[] wav = WavWriter.Encode(FaultInputs.Tone(0.25), FaultInputs.Rate);
        string y = FaultInputs.Matrix(t.Path, "y.npy", 30, 4, 2);
        byte[] npy = File.ReadAllBytes(FaultInputs.Matrix(t.Path, "x0.npy", 30, 4, 1));
        var exits = new Dictionary<int, int>();
        for (int i = 0; i < 400; i++)
        {
            bool isWav = i % 2 == 0;
            var bytes = (byte[])(isWav ? wav : npy).Clone();
            int header = isWav ? 44 : 128;
            switch (rng.Next(4))
            {
                case 0: for (int k = rng.Next(1, 4); k > 0; k--) bytes[rng.Next(header)] = (byte)rng.Next(256); break; // random bytes
                case 1: { int p = rng.Next(header - 4); BitConverter.TryWriteBytes(bytes.AsSpan(p, 4), rng.Next(2) == 0 ? int.MaxValue : rng.Next()); break; } // a size field
                case 2: bytes = bytes[..rng.Next(header + 8)]; break; // truncated
                default: // text edit of the .npy dictionary, or a WAV field set to an extreme
                    if (isWav) BitConverter.TryWriteBytes(bytes.AsSpan(new[] { 22, 24, 28, 32, 34, 40 }[rng.Next(6)], 2), (short)rng.Next(-32768, 32768));
                    else
                    {
                        string dict = Encoding.ASCII.GetString(bytes, 10, 118);
                        dict = rng.Next(3) switch
                        {
                            0 => dict.Replace("(30, 4)", $"({rng.NextInt64()}, 4)", StringComparison.Ordinal),
                            1 => dict.Replace("<f4", new[] { "<f2", "|b1", ">f4", "<c8", "<U3", "O" }[rng.Next(6)], StringComparison.Ordinal),
                            _ => dict.Replace("False", "True", StringComparison.Ordinal),
                        };
                        var d = Encoding.ASCII.GetBytes(dict);
                        if (d.Length == 118) d.CopyTo(bytes, 10);
                        else bytes = [.. bytes[..10], .. d, .. bytes[128..]];
                    }
                    break;
            }
            string name = isWav ? $"w{i}.wav" : $"x{i}.npy";
            File.WriteAllBytes(t.File(name), bytes);
            string[] args = isWav ? ["mel", t.File(name), "-o", t.File($"m{i}.npy")] : ["similarity", "--x", t.File(name), "--y", y];
            int exit = RunCli(args, name);
            exits[exit] = exits.GetValueOrDefault(exit) + 1;
            Assert.True(exit != CliSetup.ExitCodes.Internal, $"{name} exits 70 (bytes {Convert.ToHexString(bytes[..Math.Min(bytes.Length, header)])})");
            AssertClean(t.Path, name);
        }
        output.WriteLine("header exits: " + string.Join(", ", exits.OrderBy(e => e.Key).Select(e => $"{e.Key}×{e.Value}")));
    }
}
