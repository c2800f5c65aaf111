using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Concord.Experiments;
using Concord.IO;
using Concord.Study.Running;
using Microsoft.Data.Sqlite;

namespace Concord.Tests.Experiments;

/// <summary>
/// What two runs of the same config must share: a content hash of every file in the run folder, after removing the
/// fields that record wall-clock time or how much of the work this invocation did (docs/hardening.md,
/// "Determinism"), plus <see cref="ResultsStore.ContentFingerprint"/> of <c>results.db</c>. Normalisation:
/// <list type="bullet">
/// <item><c>.done</c> markers hold a timestamp and <c>costs/*.json</c> and the report's cost tables (<c>tables/setup-cost*</c>) hold
/// measured times and memory: only their presence counts;</item>
/// <item>JSON files lose every key in <see cref="VolatileKeys"/> (training <c>seconds</c>, <c>created_utc</c>, the
/// manifest's start/finish times and computed/reused counts);</item>
/// <item>CSV and Markdown tables lose every column in <see cref="VolatileColumns"/> (wall time per stage, training
/// seconds, computed/reused counts);</item>
/// <item>model and checkpoint archives (<c>CONCORDT</c>) are compared as their JSON header without those keys plus every
/// tensor byte;</item>
/// <item><c>report.html</c> is compared without its tables (each is compared as <c>tables/&lt;id&gt;.csv</c> and
/// <c>.md</c>), with every embedded PNG figure replaced by its hash and the run's start time (UTC) masked;</item>
/// <item><c>results.db</c> and its WAL/SHM files are compared through the store's content fingerprint (every table but
/// <c>runs</c>, whose summary holds the stage times, sorted rows, without the <c>seconds</c> column).</item>
/// </list>
/// Every other file is compared byte for byte, and the two file lists must be equal (so a stray temporary fails).
/// </summary>
public sealed partial record RunSnapshot(IReadOnlyDictionary<string, string> Files, string ResultsFingerprint)
{
    public static IReadOnlySet<string> VolatileKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
        { "seconds", "Seconds", "created_utc", "startedUtc", "finishedUtc", "computed", "reused" };

    public static IReadOnlySet<string> VolatileColumns { get; } = new HashSet<string>(StringComparer.Ordinal)
        { "seconds", "training seconds", "computed", "reused" };

    public static RunSnapshot Of(string runDir)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string f in Directory.EnumerateFiles(runDir, "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(runDir, f).Replace('\\', '/');
            if (rel.StartsWith(ResultsStore.FileName, StringComparison.Ordinal)) continue;
            files[rel] = Normalised(rel, f);
        }
        using var store = ResultsStore.OpenExisting(runDir);
        return new RunSnapshot(files, store.ContentFingerprint());
    }

    /// <summary>Asserts equal file lists, equal normalised hashes (naming the first files that differ) and equal results.</summary>
    public void AssertSameAs(RunSnapshot expected, string what)
    {
        var missing = expected.Files.Keys.Except(Files.Keys).ToList();
        var extra = Files.Keys.Except(expected.Files.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{what}: file lists differ; missing: {string.Join(", ", missing.Take(10))}; extra: {string.Join(", ", extra.Take(10))}");
        var differ = Files.Where(kv => expected.Files[kv.Key] != kv.Value).Select(kv => kv.Key).ToList();
        Assert.True(differ.Count == 0, $"{what}: {differ.Count} file(s) differ: {string.Join(", ", differ.Take(10))}");
        Assert.True(expected.ResultsFingerprint == ResultsFingerprint, $"{what}: results.db content differs");
    }

    private static string Hash(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));
    private static string Hash(string s) => Hash(Encoding.UTF8.GetBytes(s));

    private static string Normalised(string rel, string path)
    {
        string name = Path.GetFileName(rel);
        if (name == ".done" || rel.StartsWith(TaskCost.Folder + "/", StringComparison.Ordinal)) return "present";   // task cost records: wall time, CPU, RSS
        if (rel.StartsWith("tables/setup-cost", StringComparison.Ordinal)) return "present";   // the report's cost tables (setup-costs, setup-costliest): measured times, RSS
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.AsSpan().StartsWith("CONCORDT"u8)) return Archive(bytes);
        return Path.GetExtension(name) switch
        {
            ".json" => Hash(Json(Encoding.UTF8.GetString(bytes))),
            ".csv" => Hash(Csv(path, Encoding.UTF8.GetString(bytes))),
            ".md" => Hash(Markdown(Encoding.UTF8.GetString(bytes))),
            ".html" => Hash(Html(Encoding.UTF8.GetString(bytes))),
            _ => Hash(bytes),
        };
    }

    private static string Json(string text)
    {
        var node = JsonNode.Parse(text);
        Strip(node);
        return node?.ToJsonString() ?? "null";
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (string k in o.Select(kv => kv.Key).Where(VolatileKeys.Contains).ToList()) o.Remove(k);
                foreach (var kv in o) Strip(kv.Value);
                break;
            case JsonArray a:
                foreach (var e in a) Strip(e);
                break;
        }
    }

    /// <summary>TensorArchive: "CONCORDT", u32 version, u32 header length, header JSON, raw tensor bytes.</summary>
    private static string Archive(byte[] b)
    {
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(12));
        string header = Json(Encoding.UTF8.GetString(b, 16, headerLength));
        return Hash(header) + ":" + Hash(b[(16 + headerLength)..]);
    }

    private static string Csv(string path, string text)
    {
        var t = CsvTable.Parse(path, text);
        var keep = Enumerable.Range(0, t.Columns.Count).Where(i => !VolatileColumns.Contains(t.Columns[i])).ToList();
        var sb = new StringBuilder();
        sb.AppendJoin('\u001f', keep.Select(i => t.Columns[i])).Append('\n');
        foreach (var row in t.Rows) sb.AppendJoin('\u001f', keep.Select(i => row[i])).Append('\n');
        return sb.ToString();
    }

    /// <summary>Markdown pipe tables lose the volatile columns (found by the header row that precedes each <c>|---|</c> line).</summary>
    private static string Markdown(string text)
    {
        var lines = text.Split('\n');
        var drop = new HashSet<int>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('|')) { drop.Clear(); continue; }
            var cells = lines[i].Trim().Trim('|').Split(" | ");
            if (i + 1 < lines.Length && lines[i + 1].StartsWith("|---", StringComparison.Ordinal))
                drop = Enumerable.Range(0, cells.Length).Where(c => VolatileColumns.Contains(cells[c].Trim())).ToHashSet();
            lines[i] = string.Join(" | ", cells.Where((_, c) => !drop.Contains(c)));
        }
        return string.Join('\n', lines);
    }

    private static string Html(string text) =>
        UtcTime().Replace(PngDataUri().Replace(TableElement().Replace(text, "<table/>"), m => "png:" + Hash(Convert.FromBase64String(m.Groups[1].Value))), "<utc>");

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")]
    private static partial Regex UtcTime();

    [GeneratedRegex("<table[ >].*?</table>", RegexOptions.Singleline)]
    private static partial Regex TableElement();

    [GeneratedRegex("data:image/png;base64,([A-Za-z0-9+/=]+)")]
    private static partial Regex PngDataUri();
}

/// <summary>Crash-safety checks of a run folder left by a killed process.</summary>
public static class RunFolderChecks
{
    /// <summary>
    /// Every <c>.npy</c> at a final name (neither it nor a folder above it is a <c>*.tmp-*</c> temporary) is complete:
    /// its header parses and the file holds exactly header + shape × item size bytes, so no later stage can read a
    /// partial array.
    /// </summary>
    public static int AssertNoPartialNpy(string runDir)
    {
        int n = 0;
        foreach (string f in Directory.EnumerateFiles(runDir, "*.npy", SearchOption.AllDirectories))
        {
            if (Path.GetRelativePath(runDir, f).Contains(".tmp-", StringComparison.Ordinal)) continue;
            var h = Npy.ReadHeader(f);
            long expected = h.DataOffset + h.Shape.Aggregate(1L, (a, d) => a * d) * h.DType.Size();
            Assert.True(new FileInfo(f).Length == expected, $"{f}: {new FileInfo(f).Length} bytes, a complete array has {expected}");
            n++;
        }
        return n;
    }

    /// <summary>
    /// <c>results.db</c> (inspected on a copy, with its WAL, so the next run recovers the original itself) is in WAL
    /// mode and passes SQLite's integrity check; returns its row count over the result tables.
    /// </summary>
    public static long AssertResultsDbIntact(string runDir, string scratch)
    {
        string db = Path.Combine(runDir, ResultsStore.FileName);
        if (!File.Exists(db)) return 0;
        Directory.CreateDirectory(scratch);
        foreach (string suffix in new[] { "", "-wal" })
            if (File.Exists(db + suffix)) File.Copy(db + suffix, Path.Combine(scratch, ResultsStore.FileName + suffix), overwrite: true);
        using var c = new SqliteConnection($"Data Source={Path.Combine(scratch, ResultsStore.FileName)};Pooling=False");
        c.Open();
        string Scalar(string sql)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
        return ResultsStore.Tables.Sum(t => long.Parse(Scalar($"SELECT COUNT(*) FROM {t}"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
