using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Concord.IO;

namespace Concord.Datasets;

/// <summary>
/// An arrays dataset: <c>inputs.npy</c> [N, H, W] (any numeric dtype, stored as float32) and a labels CSV with an
/// <c>id</c> column and one row per input in the same order. <see cref="Prepare"/> writes the same cache layout as
/// <c>concord prepare</c> (<see cref="CacheLayout"/>: mel.npy holds the inputs, H in place of mel bins and W of frames),
/// so every later stage reads it unchanged. Everything is checked before anything is written.
/// </summary>
public static class ArraysDataset
{
    /// <summary>Reads the labels CSV into a dataset whose examples are the rows of <paramref name="inputs"/>.</summary>
    public static LabelledDataset Load(string inputs, string labelsCsv, ArraysOptions options)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException(errors[0]);
        string inputPath = Path.GetFullPath(inputs), csv = Path.GetFullPath(labelsCsv);
        if (!File.Exists(inputPath)) throw ConcordException.InFile(inputPath, "file not found");
        var header = Npy.ReadHeader(inputPath);
        if (header.Shape.Length != 3 || header.Shape.Any(d => d < 1))
            throw ConcordException.InFile(inputPath, $"expected inputs [N, H, W], found shape ({string.Join(",", header.Shape)})");
        var table = CsvTable.Read(csv);
        int idCol = table.RequireColumn("id");
        long n = header.Shape[0];
        if (table.Rows.Count != n)
            throw ConcordException.InFile(csv, $"{table.Rows.Count} label rows but {inputPath} holds N = {n} inputs; the labels must have one row per input, in order");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 0; r < table.Rows.Count; r++)
            if (!ids.Add(table.Require(r, idCol))) throw ConcordException.InFile(csv, $"row {table.RowNumbers[r]}: duplicate id '{table.Rows[r][idCol]}'", "id");
        int groupCol = options.GroupColumn is null ? -1 : table.IndexOf(options.GroupColumn);
        if (options.GroupColumn is not null && groupCol < 0)
            throw ConcordException.InFile(csv, $"group column '{options.GroupColumn}' not found (columns: {string.Join(", ", table.Columns)})");
        foreach (var rc in options.RegressionColumns)
            if (table.IndexOf(rc) < 0) throw ConcordException.InFile(csv, $"regression column '{rc}' not found (columns: {string.Join(", ", table.Columns)})");
        var labelCols = Enumerable.Range(0, table.Columns.Count).Where(c => c != idCol).ToList();
        if (labelCols.Count == 0) throw ConcordException.InFile(csv, "no label column besides 'id'");
        var tasks = new List<TaskLabels>();
        foreach (int c in labelCols)
        {
            string name = table.Columns[c];
            if (!FileNames.IsPlainStem(name))
                throw ConcordException.InFile(csv, $"column '{name}': a label column's name becomes a task and a file name (labels/<task>.npy); it must not contain '/', '\\', ':' or '..'");
            var values = Enumerable.Range(0, table.Rows.Count).Select(r => table.Require(r, c)).ToArray();
            if (options.RegressionColumns.Contains(name))
            {
                var targets = new double[values.Length];
                for (int r = 0; r < values.Length; r++)
                    if (!double.TryParse(values[r], NumberStyles.Float, CultureInfo.InvariantCulture, out targets[r]) || !double.IsFinite(targets[r]))
                        throw ConcordException.InFile(csv, $"row {table.RowNumbers[r]}: '{values[r]}' is not a finite number", name);
                tasks.Add(TaskLabels.Regression(name, targets));
            }
            else tasks.Add(TaskLabels.Encode(name, c == groupCol ? TaskKind.Group : TaskKind.Classification, values));
        }
        var examples = Enumerable.Range(0, table.Rows.Count).Select(r => new DatasetExample(table.Rows[r][idCol], inputPath, r)).ToArray();
        var rows = table.Rows.Select(row => (IReadOnlyList<string>)labelCols.Select(c => row[c]).ToList()).ToArray();
        return new LabelledDataset(examples, labelCols.Select(c => table.Columns[c]).ToList(), rows, tasks, [new IndexFile(csv, table.Sha256!)]);
    }

    /// <summary>Prepares the arrays dataset into the cache folder <paramref name="output"/>; a rerun with the same inputs
    /// and options does nothing.</summary>
    public static PrepareResult Prepare(string inputs, string labelsCsv, string output, ArraysOptions options, CancellationToken cancellationToken = default)
    {
        var dataset = Load(inputs, labelsCsv, options);
        var split = DatasetSplitter.Split(dataset, options.Split);
        string inputPath = Path.GetFullPath(inputs), csv = Path.GetFullPath(labelsCsv), cache = Path.GetFullPath(output);
        var optionsNode = JsonSerializer.SerializeToNode(options, PrepareManifest.Json)!.AsObject();
        string optionsHash = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(optionsNode.ToJsonString())));
        string csvHash = dataset.IndexFiles[0].Sha256;
        string InputHash(string inputsHash) =>
            Hex(SHA256.HashData(Encoding.UTF8.GetBytes($"{Path.GetFileName(csv)}\t{csvHash}\n{Path.GetFileName(inputPath)}\t{inputsHash}\n")));
        string manifestPath = CacheLayout.Manifest(cache);
        // The inputs are hashed on their own only to compare with a cache built with the same options and labels; otherwise
        // they are hashed from the bytes the copy below reads, so the file is read once.
        string? inputsHash = null;
        if (File.Exists(manifestPath))
        {
            try
            {
                var m = PreparedCache.ReadManifest(manifestPath);
                if (m.OptionsSha256 == optionsHash && m.IndexFiles.GetValueOrDefault(Path.GetFileName(csv)) == csvHash && File.Exists(CacheLayout.Mel(cache))
                    && m.InputSha256 == InputHash(inputsHash = BlockAudio.HashFile(inputPath)))
                    return new PrepareResult(cache, true, 0, 0, m);
            }
            catch (ConcordException) { }
        }
        using var reader = new NpyReader(inputPath, hashContents: inputsHash is null);
        var shape = reader.Header.Shape;
        int h = checked((int)shape[1]), w = checked((int)shape[2]);
        var row = new float[h * w];
        bool createdCache = !Directory.Exists(cache);
        AtomicFile.EnsureWritableDirectory(cache);
        try
        {
            // One pass copies the rows to a temporary mel.npy and refuses NaN/Inf; the temporary is deleted unless every row
            // is finite, and a previous cache here is replaced only then.
            using var writer = new NpyRowWriter<float>(CacheLayout.Mel(cache), dataset.Count, h, w);
            for (int r = 0; r < dataset.Count; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                reader.ReadRows(r, 1, row.AsSpan());
                foreach (float v in row)
                    if (!float.IsFinite(v)) throw ConcordException.InFile(inputPath, $"row {r}: the input contains {(float.IsNaN(v) ? "NaN" : "an infinite value")}");
                writer.WriteRows(row);
            }
            inputsHash ??= reader.Sha256();
            File.Delete(manifestPath);
            writer.Commit();
        }
        catch (Exception e) when (e is ConcordException or OperationCanceledException)
        {
            if (createdCache && Directory.Exists(cache) && !Directory.EnumerateFileSystemEntries(cache).Any()) DatasetPreparer.TryDeleteDirectory(cache);
            throw;
        }
        string inputHash = InputHash(inputsHash);
        DatasetPreparer.WriteLabels(cache, dataset, split);
        var manifest = new PrepareManifest
        {
            FormatVersion = CacheLayout.FormatVersion,
            ConcordVersion = BuildInfo.Version,
            ConcordCommit = BuildInfo.Commit,
            Runtime = BuildInfo.Runtime,
            Packages = new Dictionary<string, string>(),
            CreatedUtc = DateTime.UtcNow,
            Dataset = "arrays",
            Input = inputPath,
            InputSha256 = inputHash,
            IndexFiles = new Dictionary<string, string> { [Path.GetFileName(csv)] = csvHash, [Path.GetFileName(inputPath)] = inputsHash },
            AudioFileCount = 0,
            OptionsSha256 = optionsHash,
            Options = optionsNode,
            Count = dataset.Count,
            Mels = h,
            Frames = w,
            SampleRateHz = 0,
            MelUnit = options.Power ? "power" : "dB",
            TrainCount = split.Train.Length,
            TestCount = split.Test.Length,
        };
        AtomicFile.WriteAllText(manifestPath, JsonSerializer.Serialize(manifest, PrepareManifest.Json));
        return new PrepareResult(cache, false, dataset.Count, 0, manifest);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
