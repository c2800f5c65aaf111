using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Concord.Audio;
using Concord.IO;
using static Concord.Tests.FaultMatrix.FaultInputs;

namespace Concord.Tests.FaultMatrix;

/// <summary>The rows of the fault matrix (docs/hardening.md lists them with the observed messages).</summary>
public static class FaultCases
{
    private static string Out(string d, string file = "") => Path.Combine(d, "out", file);

    private static string[] Mel(string d, string wav) => ["mel", wav, "-o", Out(d, "m.npy")];

    /// <summary>The mel .npy is float32 [128, 1 + n/502] and finite.</summary>
    private static Action<string, string> MelShape(int samples) => (d, _) =>
    {
        var m = Npy.Read<float>(Out(d, "m.npy"));
        Assert.Equal(new long[] { 128, 1 + samples / 502 }, m.Shape);
        Assert.All(m.Data, v => Assert.True(float.IsFinite(v)));
    };

    private static string RecordingsCsv(string d, string header, string rows, bool bomCrlf = false, double seconds = 1.0)
    {
        Wav(d, "a.wav", Tone(seconds));
        Wav(d, "b.wav", Tone(seconds));
        string text = header + "\n" + rows + "\n";
        if (bomCrlf) text = "\uFEFF" + text.Replace("\n", "\r\n", StringComparison.Ordinal);
        string p = Path.Combine(d, "recordings.csv");
        File.WriteAllText(p, text, new UTF8Encoding(false));
        return p;
    }

    private static string[] Prepare(string d, string kind, string input, params string[] extra) =>
        ["prepare", "--dataset", kind, "-i", input, "-o", Out(d), "--clip-seconds", "0.5", "--sample-rate", "16000", .. extra];

    private static string[] Probe(string d, string trainX, string trainY, string testX, string testY) =>
        ["probe", "--train-x", trainX, "--train-y", trainY, "--test-x", testX, "--test-y", testY];

    private static string[] Similarity(string x, string y, params string[] extra) => ["similarity", "--x", x, "--y", y, .. extra];

    private static JsonObject FirstNote(JsonObject root) => root.First().Value!.AsObject();

    /// <summary>
    /// A valid tiny study config (synthetic data, output folder <c>out</c> next to it) edited by <paramref name="edit"/>,
    /// written to <c>config.json</c>; the arguments run it with <c>concord run</c> (no --out, so the config's output is used).
    /// </summary>
    internal static string[] RunConfig(string d, Action<JsonObject> edit)
    {
        var c = JsonNode.Parse("""
            { "name": "fault", "dataset": { "kind": "synth", "limit": 16, "split": "stratified", "mainTask": "instrument_family" },
              "features": ["mean_power"], "architectures": ["Regular"], "allLayerArchitectures": ["Regular"], "taps": ["conv3"],
              "seeds": [1], "training": { "epochs": 1, "batchSize": 8, "feedForward": false },
              "similarity": { "measures": ["linearCka"] }, "threads": 1, "output": "out" }
            """)!.AsObject();
        edit(c);
        return ["run", Text(d, "config.json", c.ToJsonString())];
    }

    /// <summary>Sets <c>section.key</c> (or a top-level key when <paramref name="section"/> is null).</summary>
    internal static Action<JsonObject> Set(string? section, string key, JsonNode? value) => c =>
    {
        var target = section is null ? c : c[section]!.AsObject();
        target[key] = value;
    };

    /// <summary>Refused config cases must not create the run folder at all (no config.resolved.json, manifest, results.db or report).</summary>
    internal static void NoRunFolder(string d, string _) => Assert.False(Directory.Exists(Out(d)), "the run folder was created");

    internal static FaultCase ConfigCase(string name, Action<JsonObject> edit, string error) =>
        new(name, "config", d => RunConfig(d, edit), error, NoRunFolder);

    public static IReadOnlyList<FaultCase> All { get; } =
    [
        // ---- audio -----------------------------------------------------------------------------------------------
        new("wav-empty", "audio", d => Mel(d, Bytes(d, "empty.wav", [])), "empty.wav"),
        new("wav-truncated", "audio", d => Mel(d, Bytes(d, "trunc.wav", WavWriter.Encode(Tone(1), Rate)[..16000])), "trunc.wav"),
        new("wav-corrupt-header", "audio", d =>
        {
            var b = WavWriter.Encode(Tone(0.5), Rate);
            b[20] = 0x63; b[21] = 0x00; // format tag 99
            return Mel(d, Bytes(d, "corrupt.wav", b));
        }, "corrupt.wav"),
        new("wav-not-audio", "audio", d => Mel(d, Text(d, "notes.wav", "these are my notes, not audio\n")), "notes.wav"),
        new("wav-24bit", "audio", d => Mel(d, Wav(d, "x24.wav", Tone(1), Rate, WavSampleFormat.Pcm24)), null, MelShape(Rate)),
        new("wav-float32", "audio", d => Mel(d, Wav(d, "xf.wav", Tone(1), Rate, WavSampleFormat.Float32)), null, MelShape(Rate)),
        new("wav-stereo", "audio", d => Mel(d, StereoWav(d, "st.wav", Tone(1))), null, (d, stdout) =>
        {
            MelShape(Rate)(d, stdout);
            Assert.Contains("2 channel(s) averaged", stdout, StringComparison.Ordinal);
        }),
        new("wav-8khz-default-fmax", "audio", d => Mel(d, Wav(d, "x8k.wav", Tone(1, 8000), 8000)), "set --fmax or --sample-rate"),
        new("wav-8khz", "audio", d => [.. Mel(d, Wav(d, "x8k.wav", Tone(1, 8000), 8000)), "--fmax", "0"], null, MelShape(8000)),
        new("wav-8khz-resampled", "audio", d => [.. Mel(d, Wav(d, "x8k.wav", Tone(1, 8000), 8000)), "--sample-rate", "16000"], null, MelShape(Rate)),
        new("wav-silence", "audio", d => Mel(d, Wav(d, "silence.wav", new float[Rate])), null, MelShape(Rate)),
        new("wav-huge-sample", "audio", d =>
        {
            var x = Tone(1); x[100] = 1e30f;
            return Mel(d, Wav(d, "huge.wav", x, Rate, WavSampleFormat.Float32));
        }, null, MelShape(Rate)),
        new("clip-shorter-than-clip-length", "audio", d =>
            Prepare(d, "clips", RecordingsCsv(d, "path,label", "a.wav,x\nb.wav,y", seconds: 0.25)), "shorter than the expected 0.5 s"),
        new("recording-shorter-padded", "audio", d =>
            Prepare(d, "recordings", RecordingsCsv(d, "path,label", "a.wav,x\nb.wav,y", seconds: 0.25), "--pad-last-clip", "--split", "random"),
            null, (d, _) => Assert.Equal(2, Npy.ReadHeader(Out(d, "mel.npy")).Shape[0])),

        // ---- metadata --------------------------------------------------------------------------------------------
        new("examples-not-json", "metadata", d => Prepare(d, "nsynth", NSynth(d, 8, _ => "{ this is not json")), "examples.json"),
        new("examples-missing-field", "metadata", d => Prepare(d, "nsynth", NSynth(d, 8, r =>
        {
            FirstNote(r).Remove("pitch");
            return r.ToJsonString();
        })), "'pitch'"),
        new("examples-wrong-type", "metadata", d => Prepare(d, "nsynth", NSynth(d, 8, r =>
        {
            FirstNote(r)["velocity"] = "loud";
            return r.ToJsonString();
        })), "'velocity'"),
        new("examples-duplicate-id", "metadata", d => Prepare(d, "nsynth", NSynth(d, 8, r =>
        {
            var first = r.First();
            return r.ToJsonString()[..^1] + "," + JsonValue.Create(first.Key).ToJsonString() + ":" + first.Value!.ToJsonString() + "}";
        })), "duplicate"),
        new("examples-note-str-escape", "metadata", d => Prepare(d, "nsynth", NSynth(d, 8, r =>
        {
            FirstNote(r)["note_str"] = "../../etc/passwd";
            return r.ToJsonString();
        })), "escape"),
        new("labels-csv-missing-path-column", "metadata", d => Prepare(d, "clips", RecordingsCsv(d, "file,label", "a.wav,x\nb.wav,y")), "'path'"),
        new("labels-csv-empty-label", "metadata", d => Prepare(d, "clips", RecordingsCsv(d, "path,label", "a.wav,x\nb.wav,")), "row 3"),
        new("labels-csv-path-escape-absent", "metadata", d => Prepare(d, "clips", RecordingsCsv(d, "path,label", "a.wav,x\n../nowhere/b.wav,y")), "not found"),
        new("labels-csv-column-escape", "metadata", d => Prepare(d, "clips", RecordingsCsv(d, "path,../../escape", "a.wav,x\nb.wav,y"), "--split", "random"),
            "column '../../escape': a label column's name becomes a task and a file name", (d, _) =>
                Assert.False(File.Exists(Path.Combine(d, "..", "escape.npy")) || File.Exists(Path.Combine(d, "escape.npy")), "a label file escaped the cache")),
        new("labels-csv-bom-crlf", "metadata", d => Prepare(d, "clips", RecordingsCsv(d, "path,label", "a.wav,x\nb.wav,y", bomCrlf: true), "--split", "random"),
            null, (d, _) =>
            {
                string labels = File.ReadAllText(Out(d, "labels.csv"));
                Assert.Contains("label", labels, StringComparison.Ordinal);
                Assert.DoesNotContain("\uFEFF", labels, StringComparison.Ordinal);
                Assert.Equal(2, Npy.ReadHeader(Out(d, "mel.npy")).Shape[0]);
            }),
        new("single-class-probe", "metadata", d =>
        {
            string dir = d;
            return Probe(d, Matrix(dir, "tx.npy", 20, 3, 1), Labels(dir, "ty.npy", 20, 1), Matrix(dir, "sx.npy", 10, 3, 2), Labels(dir, "sy.npy", 10, 1));
        }, "ty.npy: only one class"),
        new("label-only-in-test", "metadata", d => Probe(d, Matrix(d, "tx.npy", 20, 3, 1), Labels(d, "ty.npy", 20, 2),
            Matrix(d, "sx.npy", 9, 3, 2), Labels(d, "sy.npy", 9, 3)), null,
            (_, stdout) => Assert.Contains("3 test examples have labels absent from training (counted as errors)", stdout, StringComparison.Ordinal)),

        // ---- numeric ---------------------------------------------------------------------------------------------
        new("probe-nan-in-features", "numeric", d => Probe(d, Matrix(d, "tx.npy", 20, 3, 1, x => x[3 * 7 + 1] = float.NaN), Labels(d, "ty.npy", 20, 2),
            Matrix(d, "sx.npy", 10, 3, 2), Labels(d, "sy.npy", 10, 2)), "tx.npy"),
        new("similarity-inf-in-y", "numeric", d => Similarity(Matrix(d, "x.npy", 30, 4, 1), Matrix(d, "y.npy", 30, 4, 2, y => y[4 * 12 + 2] = float.PositiveInfinity)), "y.npy"),
        new("similarity-nan-in-x-cca", "numeric", d => Similarity(Matrix(d, "x.npy", 30, 4, 1, x => x[0] = float.NaN), Matrix(d, "y.npy", 30, 4, 2), "--measure", "cca"), "x.npy"),
        new("similarity-mismatched-rows", "numeric", d => Similarity(Matrix(d, "x.npy", 30, 4, 1), Matrix(d, "y.npy", 29, 4, 2)), "rows"),
        new("probe-mismatched-rows", "numeric", d => Probe(d, Matrix(d, "tx.npy", 20, 3, 1), Labels(d, "ty.npy", 19, 2),
            Matrix(d, "sx.npy", 10, 3, 2), Labels(d, "sy.npy", 10, 2)), "ty.npy"),
        new("cca-p-ge-n", "numeric", d => [.. Similarity(Matrix(d, "x.npy", 10, 12, 1), Matrix(d, "y.npy", 10, 3, 2), "--measure", "cca"), "-o", Out(d, "r.json")], "--force"),
        new("zero-variance-features", "numeric", d => [.. Similarity(Matrix(d, "x.npy", 30, 4, 1, x => { for (int i = 0; i < 30; i++) x[4 * i] = 1f; }),
            Matrix(d, "y.npy", 30, 4, 2), "--measure", "all"), "-o", Out(d, "r.json")], null, (d, _) =>
        {
            var r = JsonNode.Parse(File.ReadAllText(Out(d, "r.json")))!;
            Assert.DoesNotContain("NaN", r.ToJsonString(), StringComparison.Ordinal);
        }),
        new("npy-truncated", "numeric", d =>
        {
            string x = Matrix(d, "x.npy", 30, 4, 1);
            File.WriteAllBytes(x, File.ReadAllBytes(x)[..300]);
            return Similarity(x, Matrix(d, "y.npy", 30, 4, 2));
        }, "x.npy"),
        new("npy-not-npy", "numeric", d => Similarity(Text(d, "x.npy", "a,b\n1,2\n"), Matrix(d, "y.npy", 30, 4, 2)), "x.npy"),
        new("probe-fractional-labels", "numeric", d =>
        {
            string y = Path.Combine(d, "ty.npy");
            Npy.Write<double>(y, Enumerable.Range(0, 20).Select(i => i % 2 + 0.5).ToArray(), 20);
            return Probe(d, Matrix(d, "tx.npy", 20, 3, 1), y, Matrix(d, "sx.npy", 10, 3, 2), Labels(d, "sy.npy", 10, 2));
        }, "ty.npy"),
        new("all-constant-features", "numeric", d => Similarity(Matrix(d, "x.npy", 30, 4, 1, x => Array.Fill(x, 2f)), Matrix(d, "y.npy", 30, 4, 2)), "x.npy"),

        // ---- config (concord run; refused before the run folder is created) ---------------------------------------
        ConfigCase("config-unknown-key", Set("dataset", "splitt", 3), "dataset.splitt: unknown key"),
        ConfigCase("config-wrong-type", Set("training", "epochs", "many"), "training.epochs: expected an integer, got \"many\""),
        ConfigCase("config-negative-epochs", Set("training", "epochs", -3), "training.epochs: must be > 0"),
        new("config-missing-dataset-path", "config", d => RunConfig(d, c =>
        {
            c["dataset"] = new JsonObject { ["kind"] = "clips", ["path"] = "data/missing.csv", ["mainTask"] = "label" };
        }), "dataset.path: '<tmp>/data/missing.csv' not found", NoRunFolder),
        new("config-csv-task-not-a-column", "config", d =>
        {
            RecordingsCsv(d, "path,label", "a.wav,x\nb.wav,y");
            return RunConfig(d, c => c["dataset"] = new JsonObject { ["kind"] = "clips", ["path"] = "recordings.csv", ["mainTask"] = "genre" });
        }, "dataset.mainTask: 'genre' is not a task of this dataset", NoRunFolder),
        new("config-nsynth-path-is-a-file", "config", d =>
        {
            Text(d, "notes.txt", "not a folder");
            return RunConfig(d, c => c["dataset"] = new JsonObject { ["kind"] = "nSynth", ["path"] = "notes.txt" });
        }, "is a file; kind 'nSynth' needs the dataset folder", NoRunFolder),
        ConfigCase("config-unknown-feature", Set(null, "features", new JsonArray("mean_power", "zcr")), "features[1]: unknown feature 'zcr'"),
        ConfigCase("config-unknown-architecture", Set(null, "architectures", new JsonArray("Regular", "Resnet")), "architectures[1]: expected one of regular, deformable, dilated, freq1d, time1d"),
        ConfigCase("config-unknown-measure", Set("similarity", "measures", new JsonArray("linearCka", "cka")), "similarity.measures[1]: expected one of"),
        ConfigCase("config-unknown-keep", Set(null, "activations", new JsonObject { ["keep"] = "sometimes" }), "activations.keep: expected one of all, untilConsumed"),
        ConfigCase("config-memory-zero", Set(null, "memoryGb", 0), "memoryGb: must be a number of gigabytes > 0"),
        ConfigCase("config-unknown-task", Set("dataset", "mainTask", "colour"), "dataset.mainTask: unknown task 'colour'"),
        ConfigCase("config-all-layer-not-trained", Set(null, "allLayerArchitectures", new JsonArray("Deformable")),
            "allLayerArchitectures[0]: 'Deformable' is not in architectures"),
        ConfigCase("config-synth-with-path", Set("dataset", "path", "data/nsynth"), "dataset.path: not used for kind 'synth'"),
        ConfigCase("config-related-repeats-main", Set("dataset", "relatedTasks", new JsonArray("instrument_family")),
            "dataset.relatedTasks: must not repeat the main task"),
        ConfigCase("config-fmax-above-nyquist", Set(null, "frontEnd", new JsonObject { ["sampleRateHz"] = 8000, ["fMaxHz"] = 8000 }),
            "frontEnd.fMaxHz: must be in (0, sampleRateHz/2]"),
        ConfigCase("config-duplicate-seed", Set(null, "seeds", new JsonArray(1, 1)), "seeds: duplicate seed"),
        new("config-not-json", "config", d => ["run", Text(d, "config.json", "{ \"name\": \"x\", oops }")], "config.json: not valid JSON", NoRunFolder),

        // ---- environment -----------------------------------------------------------------------------------------
        new("output-under-regular-file", "environment", d =>
        {
            Text(d, "blocker", "I am a file");
            return ["mel", Wav(d, "a.wav", Tone(0.5)), "-o", Path.Combine(d, "blocker", "sub", "m.npy")];
        }, "blocker"),
        new("prepare-output-is-a-file", "environment", d =>
        {
            string input = RecordingsCsv(d, "path,label", "a.wav,x\nb.wav,y");
            Text(d, "out", "not a folder");
            return ["prepare", "--dataset", "clips", "-i", input, "-o", Out(d).TrimEnd('/'), "--clip-seconds", "0.5"];
        }, "out"),
        new("disk-full-tmpfs", "environment", d =>
        {
            Directory.CreateDirectory(Out(d));
            return ["mel", Wav(d, "long.wav", Tone(4)), "-o", Out(d, "m.npy")];
        }, "m.npy")
        {
            Precondition = d => Mount(Out(d), "size=16k") ? null : "mount -t tmpfs is not permitted here",
            Teardown = d => Run("umount", Out(d)),
        },
        new("cache-older-format", "environment", d =>
        {
            string cache = Path.Combine(d, "cache");
            Directory.CreateDirectory(cache);
            File.WriteAllText(Path.Combine(cache, "manifest.json"), """{"format_version": 0, "mel_unit": "dB"}""");
            return ["features", "-i", cache, "-f", "rms", "-o", Out(d)];
        }, "format_version"),
    ];

    internal static bool Mount(string dir, string options)
    {
        Directory.CreateDirectory(dir);
        return Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir) == 0;
    }

    internal static int Run(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception) { return -1; }
    }
}
