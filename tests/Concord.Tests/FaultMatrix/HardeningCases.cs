using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Concord.Audio;
using Concord.Experiments;
using Concord.IO;
using Microsoft.Data.Sqlite;
using static Concord.Tests.FaultMatrix.FaultInputs;

namespace Concord.Tests.FaultMatrix;

/// <summary>
/// The fault-matrix rows added by issue 14 (Hardening II): unsafe output targets, non-regular inputs, .npy headers that
/// do not describe their data, contradictory NSynth fields, out-of-bounds sizes, unreadable results databases and the
/// <c>--</c> convention. docs/hardening.md lists them with the observed messages.
/// </summary>
public static class HardeningCases
{
    private static string Out(string d, string file = "") => Path.Combine(d, "out", file);

    private static string[] Mel(string d, string wav, params string[] extra) => ["mel", wav, "-o", Out(d, "m.npy"), .. extra];

    private static string Tone1(string d, string name = "a.wav") => Wav(d, name, Tone(0.5));

    private static string[] Prepare(string d, string kind, string input, params string[] extra) =>
        ["prepare", "--dataset", kind, "-i", input, "-o", Out(d), "--clip-seconds", "0.5", "--sample-rate", "16000", .. extra];

    private static string[] PrepareNSynth(string d, Func<JsonObject, string> edit) => Prepare(d, "nsynth", NSynth(d, 8, edit));

    private static JsonObject Note(JsonObject root, int i) => root.ElementAt(i).Value!.AsObject();

    private static string Csv(string d, string header, string rows)
    {
        Wav(d, "a.wav", Tone(1));
        Wav(d, "b.wav", Tone(1));
        string p = Path.Combine(d, "recordings.csv");
        File.WriteAllText(p, header + "\n" + rows + "\n", new UTF8Encoding(false));
        return p;
    }

    /// <summary>A FIFO at <c>d/name</c> (mkfifo); the case is skipped when mkfifo is unavailable.</summary>
    private static string Fifo(string d, string name)
    {
        string p = Path.Combine(d, name);
        if (!File.Exists(p)) Run("mkfifo", p);
        return p;
    }

    private static string? NeedsMkfifo(string d) =>
        Run("mkfifo", Path.Combine(d, ".probe-fifo")) == 0 ? null : "mkfifo is not available";

    /// <summary>The file is unchanged (same bytes as <paramref name="before"/>).</summary>
    private static Action<string, string> Unchanged(string file, Func<string, byte[]> before) => (d, _) =>
        Assert.Equal(before(d), File.ReadAllBytes(Path.Combine(d, file)));

    private static byte[] ToneBytes(string d) => WavWriter.Encode(Tone(0.5), Rate);

    /// <summary>A .npy file with a hand-written header dictionary and <paramref name="dataBytes"/> bytes of data.</summary>
    private static string RawNpy(string d, string name, string dict, int dataBytes)
    {
        var header = Encoding.ASCII.GetBytes(dict);
        int total = 10 + header.Length + 1;
        int padded = (total + 63) / 64 * 64;
        var b = new byte[padded + dataBytes];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }.CopyTo(b, 0);
        BitConverter.TryWriteBytes(b.AsSpan(8, 2), (ushort)(padded - 10));
        header.CopyTo(b, 10);
        for (int i = 10 + header.Length; i < padded - 1; i++) b[i] = (byte)' ';
        b[padded - 1] = (byte)'\n';
        return Bytes(d, name, b);
    }

    private static string[] Similarity(string x, string y) => ["similarity", "--x", x, "--y", y];

    /// <summary>A run folder <c>d/run</c> holding an empty, current results.db, then edited by <paramref name="sql"/>.</summary>
    private static string RunDb(string d, string sql)
    {
        string run = Path.Combine(d, "run");
        ResultsStore.Open(Path.Combine(run, ResultsStore.FileName)).Dispose();
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(run, ResultsStore.FileName), Pooling = false }.ToString());
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
        return run;
    }

    private static void NoReport(string d, string _)
    {
        Assert.False(File.Exists(Path.Combine(d, "run", "report.html")), "report.html was written from a database that cannot be read");
        Assert.False(Directory.Exists(Path.Combine(d, "run", "tables")), "tables/ were written from a database that cannot be read");
    }

    private static FaultCase Usage(string name, string category, Func<string, string[]> setup, string error) =>
        new(name, category, setup, error) { ExpectedExit = 2 };

    public static IReadOnlyList<FaultCase> All { get; } =
    [
        // ---- output targets: one routine (AtomicFile.Target) ---------------------------------------------------------
        new("out-dev-null", "output", d => ["mel", Tone1(d), "-o", "/dev/null"], "/dev/null: output is a character device",
            (_, _) => Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/null")))
        {
            Precondition = _ => File.Exists("/dev/null") ? null : "/dev/null is absent",
        },
        new("out-fifo", "output", d => ["mel", Tone1(d), "-o", Fifo(d, "target.npy")], "target.npy: output is a FIFO (named pipe)")
        { Precondition = NeedsMkfifo },
        new("out-is-the-input", "output", d => ["mel", Tone1(d), "-o", Path.Combine(d, "a.wav")], "output is the same file as the input",
            Unchanged("a.wav", ToneBytes)),
        new("out-link-to-the-input", "output", d =>
        {
            string wav = Tone1(d);
            File.CreateSymbolicLink(Path.Combine(d, "link.npy"), wav);
            return ["mel", wav, "-o", Path.Combine(d, "link.npy")];
        }, "link.npy: output is the same file as the input", Unchanged("a.wav", ToneBytes)),
        new("out-link-to-dev-null", "output", d =>
        {
            File.CreateSymbolicLink(Path.Combine(d, "null.npy"), "/dev/null");
            return ["mel", Tone1(d), "-o", Path.Combine(d, "null.npy")];
        }, "null.npy: output is a character device"),
        new("out-link-is-followed", "output", d =>
        {
            Directory.CreateDirectory(Out(d));
            File.CreateSymbolicLink(Out(d, "m.npy"), Path.Combine(d, "real.npy"));
            return Mel(d, Tone1(d));
        }, null, (d, _) =>
        {
            Assert.NotNull(new FileInfo(Out(d, "m.npy")).LinkTarget); // the link is still a link ...
            Assert.Equal(128, Npy.ReadHeader(Path.Combine(d, "real.npy")).Shape[0]); // ... and its target got the mel
        }),
        new("similarity-out-is-an-input", "output", d =>
            [.. Similarity(Matrix(d, "x.npy", 30, 4, 1), Matrix(d, "y.npy", 30, 4, 2)), "-o", Path.Combine(d, "y.npy")],
            "output is the same file as the input", (d, _) => Assert.Equal(new long[] { 30, 4 }, Npy.ReadHeader(Path.Combine(d, "y.npy")).Shape)),
        new("prepare-out-is-the-csv", "output", d =>
        {
            string csv = Csv(d, "path,label", "a.wav,x\nb.wav,y");
            return ["prepare", "--dataset", "clips", "-i", csv, "-o", csv, "--clip-seconds", "0.5"];
        }, "recordings.csv: output is the same file as the input"),
        new("features-out-dev-null", "output", d => ["features", "-i", Tone1(d), "-f", "rms", "-o", "/dev/null"], "output is a character device"),

        // ---- inputs that are not regular files: refused at once, never a hang ---------------------------------------
        new("audio-fifo", "input", d => Mel(d, Fifo(d, "live.wav")), "live.wav: is a FIFO (named pipe), not a regular file") { Precondition = NeedsMkfifo },
        new("audio-dev-zero", "input", d => Mel(d, "/dev/zero"), "/dev/zero: is a character device"),
        new("npy-fifo", "input", d => Similarity(Fifo(d, "x.npy"), Matrix(d, "y.npy", 30, 4, 2)), "x.npy: is a FIFO") { Precondition = NeedsMkfifo },
        new("csv-fifo", "input", d => Prepare(d, "clips", Fifo(d, "rec.csv")), "rec.csv: is a FIFO") { Precondition = NeedsMkfifo },
        new("features-audio-fifo", "input", d => ["features", "-i", Fifo(d, "live.wav"), "-f", "rms", "-o", Out(d)], "live.wav: is a FIFO")
        { Precondition = NeedsMkfifo },
        new("dash-dash-operand", "input", d =>
        {
            Wav(d, "-a.wav", Tone(0.5));
            return ["mel", "-o", Out(d, "m.npy"), "--", "-a.wav"];
        }, null, (d, _) => Assert.Equal(128, Npy.ReadHeader(Out(d, "m.npy")).Shape[0])),

        // ---- .npy headers that do not describe the file ------------------------------------------------------------
        new("npy-more-data-than-header", "numeric", d =>
        {
            string x = Matrix(d, "x.npy", 30, 4, 1);
            var full = File.ReadAllBytes(x);
            File.WriteAllBytes(x, [.. full, .. new byte[4 * 4 * 5]]); // 5 extra rows the header does not declare
            return Similarity(x, Matrix(d, "y.npy", 30, 4, 2));
        }, "x.npy: field 'shape': the header's shape (30,4) holds 480 data bytes but the file has 560"),
        new("npy-shape-overflows", "numeric", d => Similarity(RawNpy(d, "x.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 4), }", 64),
            Matrix(d, "y.npy", 30, 4, 2)), "x.npy: field 'shape': shape (9223372036854775807,4) is too large"),
        new("npy-header-cut-short", "numeric", d => Similarity(RawNpy(d, "x.npy", "{'descr': '<f4', 'fortran_order': False, 'shape':", 64),
            Matrix(d, "y.npy", 30, 4, 2)), "x.npy: field 'shape': malformed .npy header"),
        new("npy-negative-dimension", "numeric", d => Similarity(RawNpy(d, "x.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (-3, 4), }", 64),
            Matrix(d, "y.npy", 30, 4, 2)), "x.npy: field 'shape': bad shape"),
        new("npy-big-endian", "numeric", d => Similarity(RawNpy(d, "x.npy", "{'descr': '>f4', 'fortran_order': False, 'shape': (30, 4), }", 480),
            Matrix(d, "y.npy", 30, 4, 2)), "x.npy: field 'descr': unsupported dtype '>f4'"),

        // ---- NSynth: every redundant field agrees with its partner ---------------------------------------------------
        new("examples-family-str-contradicts-code", "metadata", d => PrepareNSynth(d, r =>
        {
            Note(r, 0)["instrument_family_str"] = "guitar";
            return r.ToJsonString();
        }), "field 'instrument_family_str': 'guitar' contradicts instrument_family"),
        new("examples-source-str-contradicts-code", "metadata", d => PrepareNSynth(d, r =>
        {
            Note(r, 0)["instrument_source_str"] = "electronic";
            return r.ToJsonString();
        }), "field 'instrument_source_str': 'electronic' contradicts instrument_source 0 ('acoustic')"),
        new("examples-pitch-contradicts-note-str", "metadata", d => PrepareNSynth(d, r =>
        {
            var n = Note(r, 0);
            n["pitch"] = n["pitch"]!.GetValue<int>() + 1;
            return r.ToJsonString();
        }), "field 'note_str':"),
        new("examples-instrument-id-two-names", "metadata", d => PrepareNSynth(d, r =>
        {
            Note(r, 1)["instrument"] = Note(r, 0)["instrument"]!.GetValue<int>();
            return r.ToJsonString();
        }), "field 'instrument_str':"),
        new("examples-qualities-str-count", "metadata", d => PrepareNSynth(d, r =>
        {
            Note(r, 0)["qualities_str"] = new JsonArray("bright", "dark");
            return r.ToJsonString();
        }), "field 'qualities_str': names 2 qualities"),
        new("examples-sample-rate-contradicts-file", "metadata", d => PrepareNSynth(d, r =>
        {
            Note(r, 0)["sample_rate"] = 8000;
            return r.ToJsonString();
        }), "field 'sample_rate' says 8000 Hz but the audio file is 16000 Hz"),

        // ---- bounds: sane maxima (Limits) --------------------------------------------------------------------------
        Usage("mel-too-many-bands", "bounds", d => Mel(d, Tone1(d), "--n-mels", "100000"), "--n-mels must be ≤ 1024"),
        Usage("mel-absurd-sample-rate", "bounds", d => Mel(d, Tone1(d), "--sample-rate", "2000000000"), "--sample-rate must be ≤ 384000"),
        Usage("prepare-absurd-sample-rate", "bounds", d => ["prepare", "--dataset", "clips", "-i", Csv(d, "path,label", "a.wav,x\nb.wav,y"),
            "-o", Out(d), "--sample-rate", "2000000000"], "--sample-rate must be ≤ 384000"),
        Usage("features-absurd-sample-rate", "bounds", d => ["features", "-i", Tone1(d), "-f", "rms", "-o", Out(d), "--sample-rate", "1000000"],
            "--sample-rate must be ≤ 384000"),
        Usage("train-absurd-batch-size", "bounds", d => ["train", "--cache", d, "--task", "x", "-o", Out(d), "--batch-size", "2147483647"],
            "--batch-size must be in [1, 65536]"),
        Usage("extract-absurd-batch-size", "bounds", d => ["extract", "--cache", d, "--untrained", "regular", "-o", Out(d), "--batch-size", "100000000"],
            "--batch-size must be in [1, 65536]"),
        Usage("train-absurd-channels", "bounds", d => ["train", "--cache", d, "--task", "x", "-o", Out(d), "--channels", "10,2000000000,30"],
            "--channels must be three integers in [1, 4096]"),
        new("probe-too-many-classes", "bounds", d => ["probe", "--train-x", Matrix(d, "tx.npy", 4200, 2, 1), "--train-y", Labels(d, "ty.npy", 4200, 4200),
            "--test-x", Matrix(d, "sx.npy", 10, 2, 2), "--test-y", Labels(d, "sy.npy", 10, 2)], "ty.npy: more than 4096 classes"),

        // ---- config: refused before the run folder exists, keys in the config's own words ---------------------------
        new("config-duplicate-key", "config", d => ["run", Text(d, "config.json", ConfigText(d).Replace("\"threads\": 1", "\"threads\": 1, \"threads\": 2", StringComparison.Ordinal))],
            "threads: duplicate key", FaultCases.NoRunFolder),
        new("config-duplicate-nested-key", "config", d => ["run", Text(d, "config.json", ConfigText(d).Replace("\"limit\": 16", "\"limit\": 16, \"limit\": 8", StringComparison.Ordinal))],
            "dataset.limit: duplicate key", FaultCases.NoRunFolder),
        FaultCases.ConfigCase("config-taps-empty", FaultCases.Set(null, "taps", new JsonArray()), "taps: at least one tap"),
        FaultCases.ConfigCase("config-batch-size-huge", FaultCases.Set("training", "batchSize", 2147483647), "training.batchSize: must be ≤ 65536"),
        FaultCases.ConfigCase("config-mel-bands-huge", FaultCases.Set(null, "frontEnd", new JsonObject { ["melBands"] = 100000 }), "frontEnd.melBands: must be ≤ 1024"),
        FaultCases.ConfigCase("config-sample-rate-huge", FaultCases.Set(null, "frontEnd", new JsonObject { ["sampleRateHz"] = 2000000000, ["fMaxHz"] = 8000 }),
            "frontEnd.sampleRateHz: must be ≤ 384000"),
        FaultCases.ConfigCase("config-channels-huge", FaultCases.Set(null, "channelVariants", new JsonArray(new JsonObject
            { ["name"] = "wide", ["conv1"] = 10, ["conv2"] = 2000000000, ["conv3"] = 30 })), "channelVariants[0]: channel counts must be ≤ 4096"),
        Usage("run-force-unknown-stage", "usage", d => [.. FaultCases.RunConfig(d, _ => { }), "--force", "bogus"], "--force: unknown stage 'bogus'"),

        // ---- results store and report --------------------------------------------------------------------------------
        new("report-missing-column", "store", d => ["report", RunDb(d, "ALTER TABLE probe_results DROP COLUMN test")],
            "table 'probe_results' lacks column 'test'", NoReport),
        new("report-dropped-table", "store", d => ["report", RunDb(d, "DROP TABLE similarity_results")],
            "table 'similarity_results' is missing", NoReport),
        new("report-newer-schema", "store", d => ["report", RunDb(d, "PRAGMA user_version = 99")],
            $"schema version 99 is newer than this Concord's {ResultsStore.SchemaVersion}", NoReport),
        new("report-not-a-database", "store", d =>
        {
            Text(d, Path.Combine("run", "results.db"), "these are not the results you are looking for\n" + new string('x', 200));
            return ["report", Path.Combine(d, "run")];
        }, "results.db: cannot open the results database", NoReport),
        new("report-unreadable-summary", "store", d => ["report", RunDb(d,
            "INSERT INTO runs VALUES ('r', 'c', 'd', 'p', 't', 'c', 'v', '2026-01-01', '{ not json')")],
            "cannot read the results", NoReport),
        new("export-missing-column", "store", d => ["export", RunDb(d, "ALTER TABLE runs DROP COLUMN summary_json"), "-o", Out(d)],
            "table 'runs' lacks column 'summary_json'"),
        new("export-out-is-results-db", "store", d =>
        {
            string run = RunDb(d, "SELECT 1");
            return ["export", run, "-o", Path.Combine(run, "results.db")];
        }, "output is the same file as the input"),
    ];

    /// <summary>The fault matrix's valid tiny config as text (written once by <see cref="FaultCases.RunConfig"/>).</summary>
    private static string ConfigText(string d) => File.ReadAllText(FaultCases.RunConfig(d, _ => { })[1]).Replace(",\"", ", \"", StringComparison.Ordinal)
        .Replace("\":", "\": ", StringComparison.Ordinal);

    private static int Run(string file, params string[] args) => FaultCases.Run(file, args);
}
