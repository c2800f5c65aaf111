using Concord.Datasets;
using Concord.Networks;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Concord.Experiments;

/// <summary>
/// The run's results database, <c>RUN/results.db</c> (SQLite, WAL journal). Tidy tables, one row per result, each keyed
/// by its artefact hash: <c>runs</c>, <c>training_epochs</c>, <c>probe_results</c>, <c>similarity_results</c>,
/// <c>confusion_matrices</c>, <c>pca_projections</c>, <c>example_spectrograms</c>, <c>class_traces</c>, <c>mutual_information</c>. Every write is one transaction, and writing the same artefact
/// hash again replaces the row (idempotent upsert), so an interrupted run leaves no half row and a rerun converges to
/// the same content.
/// </summary>
public sealed class ResultsStore : IDisposable
{
    /// <summary>The file name inside a run folder.</summary>
    public const string FileName = "results.db";

    /// <summary>The tables, in export order.</summary>
    public static IReadOnlyList<string> Tables { get; } =
        ["runs", "training_epochs", "probe_results", "similarity_results", "confusion_matrices", "pca_projections", "example_spectrograms",
         "class_traces", "mutual_information"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private readonly SqliteConnection _db;

    /// <summary>The database path.</summary>
    public string Path { get; }

    private ResultsStore(string path, SqliteConnection db) { Path = path; _db = db; }

    /// <summary>
    /// The schema version stored in SQLite's <c>PRAGMA user_version</c>. A database with a higher version was written by a
    /// newer Concord and is refused; version 0 with tables is a database from before versioning and is accepted when its
    /// tables hold every column.
    /// </summary>
    public const int SchemaVersion = 3;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>; an existing database must hold every table and column.</summary>
    public static ResultsStore Open(string path) => Open(path, create: true);

    /// <summary>
    /// Opens an existing store to read it (report, export); fails with a one-line message if it is missing, from a newer
    /// version, damaged, or lacks a table or column: it never creates or repairs anything, so a report is never written
    /// from a database it cannot read completely.
    /// </summary>
    public static ResultsStore OpenExisting(string runDir)
    {
        string p = System.IO.Path.Combine(runDir, FileName);
        if (!File.Exists(p)) throw new ConcordException($"{System.IO.Path.GetFullPath(p)}: no results database (run `concord run` first)");
        return Open(p, create: false);
    }

    private static ResultsStore Open(string path, bool create)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (create) Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full, Pooling = false, Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
        }.ToString());
        try
        {
            db.Open();
            Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
            var store = new ResultsStore(full, db);
            store.CheckOrCreateSchema(create);
            return store;
        }
        catch (SqliteException ex)
        {
            db.Dispose();
            throw new ConcordException($"{full}: cannot open the results database ({ex.Message.TrimEnd('.')})", ex);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Table → column names of the current schema, read from an in-memory database built by the same DDL.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> ExpectedColumns()
    {
        using var mem = new SqliteConnection("Data Source=:memory:");
        mem.Open();
        Exec(mem, SchemaDdl);
        return Tables.ToDictionary(t => t, t => ColumnsOf(mem, t));
    }

    private static IReadOnlyList<string> ColumnsOf(SqliteConnection db, string table)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var r = cmd.ExecuteReader();
        var cols = new List<string>();
        while (r.Read()) cols.Add(r.GetString(0));
        return cols;
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void CheckOrCreateSchema(bool create)
    {
        long version = Scalar(_db, "PRAGMA user_version");
        if (version > SchemaVersion)
            throw new ConcordException($"{Path}: results database schema version {version} is newer than this Concord's {SchemaVersion}; use a newer Concord");
        long tables = Scalar(_db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
        if (tables == 0 && create)
        {
            Exec(_db, SchemaDdl + $"PRAGMA user_version = {SchemaVersion};");
            return;
        }
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "PRAGMA quick_check";
            if (cmd.ExecuteScalar() is string check && check != "ok")
                throw new ConcordException($"{Path}: the results database is damaged ({check}); refusing to use it");
        }
        // Version 1 stores lack probe_results.degenerate; opened for writing, they gain it with its default.
        if (version < 2 && create && ColumnsOf(_db, "probe_results").Count > 0) AddColumnIfMissing("probe_results", "degenerate", "INTEGER NOT NULL DEFAULT 0");
        // Version 2 stores lack the imported-network columns of each representation; they gain them (null), which is what
        // every row they hold means.
        if (version < 3)
            foreach (var (table, prefixes) in RepresentationTables)
                foreach (string prefix in prefixes)
                    if (ColumnsOf(_db, table).Count > 0)
                    {
                        AddColumnIfMissing(table, prefix + "network", "TEXT");
                        AddColumnIfMissing(table, prefix + "layer", "TEXT");
                    }
        foreach (var (table, columns) in ExpectedColumns())
        {
            var present = ColumnsOf(_db, table);
            if (present.Count == 0)
                throw new ConcordException($"{Path}: table '{table}' is missing (the database is damaged or not Concord's); refusing to use it");
            if (columns.FirstOrDefault(c => !present.Contains(c)) is { } missing)
                throw new ConcordException($"{Path}: table '{table}' lacks column '{missing}' (the database is damaged or not Concord's); refusing to use it");
        }
        if (version < SchemaVersion) Exec(_db, $"PRAGMA user_version = {SchemaVersion};");
    }

    /// <summary>The tables holding representations, with their column prefixes.</summary>
    private static readonly (string Table, string[] Prefixes)[] RepresentationTables =
        [("probe_results", [""]), ("similarity_results", ["left_", "right_"]), ("confusion_matrices", [""]), ("pca_projections", [""])];

    private static string RepDdl(string prefix) =>
        $"{prefix}kind TEXT NOT NULL, {prefix}architecture TEXT, {prefix}seed INTEGER, {prefix}trained INTEGER, {prefix}tap TEXT, "
        + $"{prefix}train_task TEXT, {prefix}feature_set TEXT, {prefix}variant TEXT, {prefix}channel INTEGER, {prefix}network TEXT, {prefix}layer TEXT";

    private static readonly string SchemaDdl = $"""
            CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, config_name TEXT NOT NULL, dataset TEXT NOT NULL, profile TEXT NOT NULL,
              main_task TEXT NOT NULL, commit_id TEXT NOT NULL, version TEXT NOT NULL, started_utc TEXT NOT NULL, summary_json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS training_epochs (artefact_hash TEXT NOT NULL, epoch INTEGER NOT NULL, dataset TEXT NOT NULL, profile TEXT NOT NULL,
              architecture TEXT NOT NULL, seed INTEGER NOT NULL, task TEXT NOT NULL, variant TEXT, metric TEXT NOT NULL,
              train_loss REAL, test_loss REAL, train_metric REAL, test_metric REAL, seconds REAL, PRIMARY KEY (artefact_hash, epoch));
            CREATE TABLE IF NOT EXISTS probe_results (artefact_hash TEXT PRIMARY KEY, experiment TEXT NOT NULL, dataset TEXT NOT NULL, profile TEXT NOT NULL,
              task TEXT NOT NULL, {RepDdl("")}, metric TEXT NOT NULL, train REAL, test REAL, n_train INTEGER NOT NULL, n_test INTEGER NOT NULL,
              degenerate INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS similarity_results (artefact_hash TEXT PRIMARY KEY, experiment TEXT NOT NULL, dataset TEXT NOT NULL, profile TEXT NOT NULL,
              split TEXT NOT NULL, {RepDdl("left_")}, {RepDdl("right_")}, measure TEXT NOT NULL, value REAL, ci_low REAL, ci_high REAL, p_value REAL,
              permutations INTEGER NOT NULL, bootstrap INTEGER NOT NULL, n INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS confusion_matrices (artefact_hash TEXT PRIMARY KEY, experiment TEXT NOT NULL, dataset TEXT NOT NULL, profile TEXT NOT NULL,
              task TEXT NOT NULL, {RepDdl("")}, classes_json TEXT NOT NULL, counts_json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS pca_projections (artefact_hash TEXT PRIMARY KEY, dataset TEXT NOT NULL, task TEXT NOT NULL, {RepDdl("")},
              classes_json TEXT NOT NULL, points_json TEXT NOT NULL, explained_json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS example_spectrograms (artefact_hash TEXT PRIMARY KEY, dataset TEXT NOT NULL, task TEXT NOT NULL, class TEXT NOT NULL,
              example_id TEXT NOT NULL, mels INTEGER NOT NULL, frames INTEGER NOT NULL, values_json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS class_traces (artefact_hash TEXT PRIMARY KEY, dataset TEXT NOT NULL, task TEXT NOT NULL, feature_set TEXT NOT NULL,
              axis TEXT NOT NULL, class TEXT NOT NULL, n INTEGER NOT NULL, mean_json TEXT NOT NULL, sd_json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS mutual_information (artefact_hash TEXT PRIMARY KEY, dataset TEXT NOT NULL, task TEXT NOT NULL, feature_set TEXT NOT NULL,
              column_index INTEGER NOT NULL, value REAL, n INTEGER NOT NULL, neighbors INTEGER NOT NULL, seed INTEGER NOT NULL);
            """;

    /// <summary>Brings a store written by an older Concord up to the current schema (a new column gets its default).</summary>
    private void AddColumnIfMissing(string table, string column, string ddl)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) Exec(_db, $"ALTER TABLE {table} ADD COLUMN {column} {ddl}");
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void InTransaction(Action<SqliteTransaction> work)
    {
        using var tx = _db.BeginTransaction();
        work(tx);
        tx.Commit();
    }

    private static object Db(object? v) => v switch
    {
        null => DBNull.Value,
        bool b => b ? 1 : 0,
        double d when double.IsNaN(d) => DBNull.Value,
        Enum e => e.ToString(),
        _ => v,
    };

    private static void Upsert(SqliteTransaction tx, string table, IReadOnlyList<(string Column, object? Value)> row)
    {
        using var cmd = tx.Connection!.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT OR REPLACE INTO {table} ({string.Join(", ", row.Select(c => c.Column))}) VALUES ({string.Join(", ", row.Select((_, i) => "$p" + i))})";
        for (int i = 0; i < row.Count; i++) cmd.Parameters.AddWithValue("$p" + i, Db(row[i].Value));
        cmd.ExecuteNonQuery();
    }

    private static IEnumerable<(string, object?)> RepRow(string prefix, Representation r) =>
    [
        (prefix + "kind", r.Kind), (prefix + "architecture", r.Architecture?.ToString()), (prefix + "seed", r.Seed), (prefix + "trained", r.Trained),
        (prefix + "tap", r.Tap?.ToName()), (prefix + "train_task", r.TrainTask), (prefix + "feature_set", r.FeatureSet), (prefix + "variant", r.Variant),
        (prefix + "channel", r.Channel), (prefix + "network", r.Network), (prefix + "layer", r.Layer),
    ];

    /// <summary>Records (replaces) the run's summary.</summary>
    public void PutRun(RunSummary run) => InTransaction(tx => Upsert(tx, "runs",
    [
        ("run_id", run.RunId), ("config_name", run.ConfigName), ("dataset", run.Dataset), ("profile", run.Profile), ("main_task", run.MainTask),
        ("commit_id", run.Commit), ("version", run.Version), ("started_utc", run.StartedUtc), ("summary_json", JsonSerializer.Serialize(run, Json)),
    ]));

    /// <summary>Upserts probe results in one transaction.</summary>
    public void PutProbes(IEnumerable<ProbeRecord> rows) => InTransaction(tx =>
    {
        foreach (var p in rows)
            Upsert(tx, "probe_results",
            [
                ("artefact_hash", p.ArtefactHash), ("experiment", p.Experiment), ("dataset", p.Dataset), ("profile", p.Profile), ("task", p.Task),
                .. RepRow("", p.Source), ("metric", p.Metric), ("train", p.Train), ("test", p.Test), ("n_train", p.NTrain), ("n_test", p.NTest),
                ("degenerate", p.Degenerate),
            ]);
    });

    /// <summary>Upserts similarity results in one transaction.</summary>
    public void PutSimilarities(IEnumerable<SimilarityRecord> rows) => InTransaction(tx =>
    {
        foreach (var s in rows)
            Upsert(tx, "similarity_results",
            [
                ("artefact_hash", s.ArtefactHash), ("experiment", s.Experiment), ("dataset", s.Dataset), ("profile", s.Profile), ("split", s.Split.ToName()),
                .. RepRow("left_", s.Left), .. RepRow("right_", s.Right), ("measure", s.Measure), ("value", s.Value), ("ci_low", s.CiLow),
                ("ci_high", s.CiHigh), ("p_value", s.PValue), ("permutations", s.Permutations), ("bootstrap", s.BootstrapSamples), ("n", s.N),
            ]);
    });

    /// <summary>Upserts training epochs in one transaction.</summary>
    public void PutTrainingEpochs(IEnumerable<TrainingEpochRecord> rows) => InTransaction(tx =>
    {
        foreach (var e in rows)
            Upsert(tx, "training_epochs",
            [
                ("artefact_hash", e.ArtefactHash), ("epoch", e.Epoch), ("dataset", e.Dataset), ("profile", e.Profile), ("architecture", e.Architecture),
                ("seed", e.Seed), ("task", e.Task), ("variant", e.Variant), ("metric", e.Metric), ("train_loss", e.TrainLoss), ("test_loss", e.TestLoss),
                ("train_metric", e.TrainMetric), ("test_metric", e.TestMetric), ("seconds", e.Seconds),
            ]);
    });

    /// <summary>Upserts confusion matrices in one transaction.</summary>
    public void PutConfusions(IEnumerable<ConfusionRecord> rows) => InTransaction(tx =>
    {
        foreach (var c in rows)
            Upsert(tx, "confusion_matrices",
            [
                ("artefact_hash", c.ArtefactHash), ("experiment", c.Experiment), ("dataset", c.Dataset), ("profile", c.Profile), ("task", c.Task),
                .. RepRow("", c.Source), ("classes_json", JsonSerializer.Serialize(c.Classes, Json)), ("counts_json", JsonSerializer.Serialize(c.Counts, Json)),
            ]);
    });

    /// <summary>Upserts PCA projections in one transaction; the key is <paramref name="artefactHash"/> + index.</summary>
    public void PutProjections(string artefactHash, IEnumerable<PcaProjection> rows) => InTransaction(tx =>
    {
        int i = 0;
        foreach (var p in rows)
            Upsert(tx, "pca_projections",
            [
                ("artefact_hash", $"{artefactHash}:{i++}"), ("dataset", p.Dataset), ("task", p.Task), .. RepRow("", p.Source),
                ("classes_json", JsonSerializer.Serialize(p.Classes, Json)),
                ("points_json", JsonSerializer.Serialize(new { x = p.X, y = p.Y, c = p.ClassIndex }, Json)),
                ("explained_json", JsonSerializer.Serialize(p.ExplainedVarianceRatio, Json)),
            ]);
    });

    /// <summary>Upserts example spectrograms in one transaction.</summary>
    public void PutExamples(IEnumerable<ExampleSpectrogram> rows) => InTransaction(tx =>
    {
        foreach (var e in rows)
            Upsert(tx, "example_spectrograms",
            [
                ("artefact_hash", e.ArtefactHash), ("dataset", e.Dataset), ("task", e.Task), ("class", e.ClassName), ("example_id", e.ExampleId),
                ("mels", e.Mels), ("frames", e.Frames), ("values_json", JsonSerializer.Serialize(e.Values, Json)),
            ]);
    });

    /// <summary>Upserts per-class feature traces in one transaction.</summary>
    public void PutTraces(IEnumerable<ClassTraceRecord> rows) => InTransaction(tx =>
    {
        foreach (var t in rows)
            Upsert(tx, "class_traces",
            [
                ("artefact_hash", t.ArtefactHash), ("dataset", t.Dataset), ("task", t.Task), ("feature_set", t.FeatureSet), ("axis", t.Axis),
                ("class", t.ClassName), ("n", t.Count), ("mean_json", JsonSerializer.Serialize(t.Mean, Json)), ("sd_json", JsonSerializer.Serialize(t.Sd, Json)),
            ]);
    });

    /// <summary>Upserts mutual-information values in one transaction.</summary>
    public void PutMutualInformation(IEnumerable<MutualInformationRecord> rows) => InTransaction(tx =>
    {
        foreach (var m in rows)
            Upsert(tx, "mutual_information",
            [
                ("artefact_hash", m.ArtefactHash), ("dataset", m.Dataset), ("task", m.Task), ("feature_set", m.FeatureSet), ("column_index", m.Column),
                ("value", m.Value), ("n", m.N), ("neighbors", m.Neighbors), ("seed", m.Seed),
            ]);
    });

    /// <summary>
    /// Deletes result rows whose artefact hash is not in <paramref name="keep"/> (stale rows of a changed config), in one
    /// transaction. A row is kept when its full hash, or its prefix before the first ':' (e.g. PCA rows), is in the set. Returns the number of deleted rows.
    /// </summary>
    public int Prune(IReadOnlySet<string> keep)
    {
        int deleted = 0;
        InTransaction(tx =>
        {
            foreach (string table in Tables.Where(t => t != "runs"))
            {
                var stale = new List<string>();
                using (var q = _db.CreateCommand())
                {
                    q.Transaction = tx;
                    q.CommandText = $"SELECT DISTINCT artefact_hash FROM {table}";
                    using var r = q.ExecuteReader();
                    while (r.Read())
                    {
                        string h = r.GetString(0);
                        if (!keep.Contains(h) && !keep.Contains(h.Split(':')[0])) stale.Add(h);
                    }
                }
                foreach (string h in stale)
                {
                    using var d = _db.CreateCommand();
                    d.Transaction = tx;
                    d.CommandText = $"DELETE FROM {table} WHERE artefact_hash = $h";
                    d.Parameters.AddWithValue("$h", h);
                    deleted += d.ExecuteNonQuery();
                }
            }
        });
        return deleted;
    }

    /// <summary>Row counts per table.</summary>
    public IReadOnlyDictionary<string, long> Counts()
    {
        var d = new Dictionary<string, long>();
        foreach (string t in Tables)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM {t}";
            d[t] = (long)cmd.ExecuteScalar()!;
        }
        return d;
    }

    /// <summary>Reads a whole table as column names and rows of boxed values (null for SQL NULL), ordered by every column.</summary>
    public (IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows) ReadTable(string table)
    {
        if (!Tables.Contains(table)) throw new ArgumentException($"unknown table {table}", nameof(table));
        using var cmd = _db.CreateCommand();
        cmd.CommandText = $"SELECT * FROM {table}";
        using var r = cmd.ExecuteReader();
        var cols = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        rows.Sort((a, b) => string.CompareOrdinal(RowKey(a), RowKey(b)));
        return (cols, rows);
    }

    private static string RowKey(object?[] row) =>
        string.Join("\u001f", row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));

    /// <summary>A canonical text dump of every table (sorted rows, excluding wall-time columns) used to compare two stores.</summary>
    public string ContentFingerprint(bool includeTimings = false)
    {
        var sb = new System.Text.StringBuilder();
        foreach (string t in Tables.Where(t => t != "runs"))
        {
            var (cols, rows) = ReadTable(t);
            sb.Append('#').Append(t).Append('\n');
            var keepIdx = Enumerable.Range(0, cols.Count).Where(i => includeTimings || cols[i] != "seconds").ToArray();
            foreach (var row in rows)
                sb.Append(string.Join("\t", keepIdx.Select(i => Convert.ToString(row[i], CultureInfo.InvariantCulture)))).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Loads everything the report needs. Throws a one-line <see cref="ConcordException"/> when no run is recorded.</summary>
    public StudyResults LoadStudy()
    {
        try { return LoadStudyRows(); }
        catch (Exception ex) when (ex is SqliteException or JsonException or InvalidCastException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new ConcordException($"{Path}: cannot read the results ({ex.GetType().Name}: {ex.Message.Split('\n')[0].TrimEnd('.')}); refusing to write a report from a database it cannot read completely", ex);
        }
    }

    private StudyResults LoadStudyRows()
    {
        RunSummary? run = null;
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT summary_json FROM runs ORDER BY started_utc DESC LIMIT 1";
            if (cmd.ExecuteScalar() is string js) run = JsonSerializer.Deserialize<RunSummary>(js, Json);
        }
        if (run is null) throw new ConcordException($"{Path}: no run recorded in table 'runs'");
        return new StudyResults
        {
            Run = run,
            Probes = Query("SELECT * FROM probe_results", r => new ProbeRecord(
                S(r, "experiment"), S(r, "dataset"), S(r, "profile"), S(r, "task"), Rep(r, ""), Enum.Parse<ProbeMetric>(S(r, "metric")),
                D(r, "train"), D(r, "test"), I(r, "n_train")!.Value, I(r, "n_test")!.Value, S(r, "artefact_hash"),
                I(r, "degenerate") == 1)),
            Similarities = Query("SELECT * FROM similarity_results", r => new SimilarityRecord(
                S(r, "experiment"), S(r, "dataset"), S(r, "profile"), DataSplitNames.Parse(S(r, "split"), Path), Rep(r, "left_"), Rep(r, "right_"),
                Enum.Parse<SimilarityMeasure>(S(r, "measure")), D(r, "value"), ND(r, "ci_low"), ND(r, "ci_high"), ND(r, "p_value"),
                I(r, "permutations")!.Value, I(r, "bootstrap")!.Value, I(r, "n")!.Value, S(r, "artefact_hash"))),
            TrainingEpochs = Query("SELECT * FROM training_epochs ORDER BY architecture, seed, task, variant, epoch", r => new TrainingEpochRecord(
                S(r, "dataset"), S(r, "profile"), ParseArchitecture(S(r, "architecture")), I(r, "seed")!.Value, S(r, "task"), NS(r, "variant"), I(r, "epoch")!.Value,
                Enum.Parse<ProbeMetric>(S(r, "metric")), D(r, "train_loss"), D(r, "test_loss"), D(r, "train_metric"), D(r, "test_metric"),
                D(r, "seconds"), S(r, "artefact_hash"))),
            Confusions = Query("SELECT * FROM confusion_matrices", r => new ConfusionRecord(
                S(r, "experiment"), S(r, "dataset"), S(r, "profile"), S(r, "task"), Rep(r, ""),
                JsonSerializer.Deserialize<string[]>(S(r, "classes_json"), Json)!,
                JsonSerializer.Deserialize<int[][]>(S(r, "counts_json"), Json)!, S(r, "artefact_hash"))),
            Projections = Query("SELECT * FROM pca_projections ORDER BY artefact_hash", r =>
            {
                var pts = JsonSerializer.Deserialize<PointsJson>(S(r, "points_json"), Json)!;
                return new PcaProjection(S(r, "dataset"), S(r, "task"), Rep(r, ""), pts.X, pts.Y, pts.C,
                    JsonSerializer.Deserialize<string[]>(S(r, "classes_json"), Json)!, JsonSerializer.Deserialize<double[]>(S(r, "explained_json"), Json)!);
            }),
            Examples = Query("SELECT * FROM example_spectrograms ORDER BY task, class, example_id", r => new ExampleSpectrogram(
                S(r, "dataset"), S(r, "task"), S(r, "class"), S(r, "example_id"), I(r, "mels")!.Value, I(r, "frames")!.Value,
                JsonSerializer.Deserialize<float[]>(S(r, "values_json"), Json)!, S(r, "artefact_hash"))),
            Traces = Query("SELECT * FROM class_traces ORDER BY artefact_hash", r => new ClassTraceRecord(
                S(r, "dataset"), S(r, "task"), S(r, "feature_set"), S(r, "axis"), S(r, "class"), I(r, "n")!.Value,
                JsonSerializer.Deserialize<double[]>(S(r, "mean_json"), Json)!, JsonSerializer.Deserialize<double[]>(S(r, "sd_json"), Json)!, S(r, "artefact_hash"))),
            MutualInformation = Query("SELECT * FROM mutual_information ORDER BY feature_set, column_index", r => new MutualInformationRecord(
                S(r, "dataset"), S(r, "task"), S(r, "feature_set"), I(r, "column_index")!.Value, D(r, "value"), I(r, "n")!.Value,
                I(r, "neighbors")!.Value, I(r, "seed")!.Value, S(r, "artefact_hash"))),
        };
    }

    private sealed record PointsJson(double[] X, double[] Y, int[] C);

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> map)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(map(r));
        return list;
    }

    private static string S(SqliteDataReader r, string c) => r.GetString(r.GetOrdinal(c));
    private static string? NS(SqliteDataReader r, string c) { int i = r.GetOrdinal(c); return r.IsDBNull(i) ? null : r.GetString(i); }
    private static double D(SqliteDataReader r, string c) => ND(r, c) ?? double.NaN;
    private static double? ND(SqliteDataReader r, string c) { int i = r.GetOrdinal(c); return r.IsDBNull(i) ? null : r.GetDouble(i); }
    private static int? I(SqliteDataReader r, string c) { int i = r.GetOrdinal(c); return r.IsDBNull(i) ? null : r.GetInt32(i); }

    private Representation Rep(SqliteDataReader r, string p) => new(
        Enum.Parse<RepresentationKind>(S(r, p + "kind")), NS(r, p + "architecture") is string a ? ParseArchitecture(a) : null, I(r, p + "seed"),
        I(r, p + "trained") is int t ? t != 0 : null, NS(r, p + "tap") is string tap ? TapNames.Parse(tap, Path) : null, NS(r, p + "train_task"),
        NS(r, p + "feature_set"), NS(r, p + "variant"), I(r, p + "channel"), NS(r, p + "network"), NS(r, p + "layer"));

    private Architecture ParseArchitecture(string name) =>
        Enum.TryParse<Architecture>(name, out var a) ? a : throw new ConcordException($"{Path}: unknown architecture '{name}'");

    /// <inheritdoc />
    public void Dispose() => _db.Dispose();
}
