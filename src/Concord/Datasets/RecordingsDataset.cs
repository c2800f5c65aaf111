using System.Globalization;
using Concord.Audio;
using Concord.IO;

namespace Concord.Datasets;

/// <summary>
/// Reads a labelled-recordings CSV (<c>path</c> plus label columns; RFC 4180, BOM and CRLF tolerated) into examples:
/// each recording is cut into non-overlapping clips of <see cref="RecordingsOptions.ClipSeconds"/> and each clip gets
/// a <c>part</c> label (<see cref="RecordingPart"/>); mapping files add derived label columns (e.g. orchestra → continent).
/// With <see cref="RecordingsOptions.CutIntoClips"/> false, each row is one pre-cut clip (no <c>part</c>).
/// Tasks: every label column (and part, and derived columns) is a classification task with ordinal-sorted classes
/// (part: beginning, middle, end); the group task is <c>recording</c> (the path) or the chosen group column.
/// </summary>
public static class RecordingsDataset
{
    /// <summary>Loads <paramref name="csvPath"/>. <paramref name="sampleCount"/> returns a recording's length in samples at the
    /// target rate (e.g. from its header); <paramref name="sampleRateHz"/> is that rate.</summary>
    public static LabelledDataset Load(string csvPath, RecordingsOptions options, int sampleRateHz, Func<string, long> sampleCount,
        int maxDegreeOfParallelism = 2, CancellationToken cancellationToken = default)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException(errors[0]);
        string csv = Path.GetFullPath(csvPath);
        var table = CsvTable.Read(csv);
        int pathCol = table.RequireColumn("path");
        if (table.Rows.Count == 0) throw ConcordException.InFile(csv, "empty dataset: no rows");
        var labelCols = Enumerable.Range(0, table.Columns.Count).Where(c => c != pathCol).ToList();
        string baseDir = Path.GetDirectoryName(csv)!;

        // Resolve and check every path and label before decoding anything.
        var files = new string[table.Rows.Count];
        for (int r = 0; r < table.Rows.Count; r++)
        {
            string p = table.Require(r, pathCol);
            files[r] = Path.GetFullPath(Path.IsPathRooted(p) ? p : Path.Combine(baseDir, p));
            if (!File.Exists(files[r])) throw ConcordException.InFile(csv, $"row {table.RowNumbers[r]}: column 'path': audio file '{files[r]}' not found");
            foreach (int c in labelCols) table.Require(r, c);
        }
        var columns = labelCols.Select(c => table.Columns[c]).ToList();
        var rowLabels = table.Rows.Select(row => labelCols.Select(c => row[c]).ToList()).ToList();
        var indexFiles = new List<IndexFile> { new(csv, table.Sha256!) };
        foreach (string map in options.MappingFiles) indexFiles.Add(ApplyMapping(map, csv, table, columns, rowLabels));
        foreach (var derived in options.DerivedColumns) ApplyDerived(derived, csv, table, columns, rowLabels);

        // Cut into clips (recording lengths read in parallel).
        int clipLength = ClipSlicer.ClipLength(options.ClipSeconds, sampleRateHz);
        var lengths = new long[files.Length];
        if (options.CutIntoClips)
            ParallelWork.ForEach(Enumerable.Range(0, files.Length), maxDegreeOfParallelism, cancellationToken, r => lengths[r] = sampleCount(files[r]));
        var examples = new List<DatasetExample>();
        var labels = new List<IReadOnlyList<string>>();
        var recordingIds = new List<string>();
        var dropped = new List<DroppedItem>();
        string Seconds(long samples) => (samples / (double)sampleRateHz).ToString("0.##", CultureInfo.InvariantCulture);
        string clipSeconds = options.ClipSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        for (int r = 0; r < files.Length; r++)
        {
            string relative = table.Rows[r][pathCol];
            if (!options.CutIntoClips)
            {
                examples.Add(new DatasetExample(relative, files[r], 0));
                labels.Add(rowLabels[r]);
                recordingIds.Add(relative);
                continue;
            }
            int clips = ClipSlicer.ClipCount(lengths[r], clipLength, options.PartialClip);
            if (clips == 0)
                dropped.Add(new DroppedItem(relative, $"recording of {Seconds(lengths[r])} s is shorter than one {clipSeconds} s clip"));
            else if (options.PartialClip == PartialClipPolicy.Drop && lengths[r] % clipLength != 0)
                dropped.Add(new DroppedItem(relative + "#" + clips.ToString(CultureInfo.InvariantCulture),
                    $"final {Seconds(lengths[r] % clipLength)} s piece is shorter than one {clipSeconds} s clip"));
            for (int i = 0; i < clips; i++)
            {
                examples.Add(new DatasetExample(relative + "#" + i.ToString(CultureInfo.InvariantCulture), files[r], i));
                labels.Add([.. rowLabels[r], RecordingPart.Names[RecordingPart.Of(i, clipLength, lengths[r])]]);
                recordingIds.Add(relative);
            }
        }
        if (options.CutIntoClips) columns.Add("part");
        foreach (string column in columns)
            if (!FileNames.IsPlainStem(column))
                throw ConcordException.InFile(csv, $"column '{column}': a label column's name becomes a task and a file name (labels/<task>.npy); it must not contain '/', '\\', ':' or '..'");
        if (examples.Count == 0)
            throw ConcordException.InFile(csv, FormattableString.Invariant($"empty dataset: no recording is at least one {options.ClipSeconds:0.###} s clip long"));

        int groupCol = options.GroupColumn is null ? -1 : columns.IndexOf(options.GroupColumn);
        if (options.GroupColumn is not null && groupCol < 0)
            throw ConcordException.InFile(csv, $"group column '{options.GroupColumn}' not found (columns: {string.Join(", ", columns)})");
        var tasks = new List<TaskLabels>();
        for (int c = 0; c < columns.Count; c++)
        {
            if (c == groupCol) continue;
            var values = labels.Select(l => l[c]).ToArray();
            tasks.Add(columns[c] == "part" && options.CutIntoClips
                ? TaskLabels.Categorical("part", TaskKind.Classification, RecordingPart.Names, values.Select(v => (long)RecordingPart.Names.ToList().IndexOf(v)).ToArray())
                : TaskLabels.Encode(columns[c], TaskKind.Classification, values));
        }
        tasks.Add(groupCol >= 0
            ? TaskLabels.Encode(options.GroupColumn!, TaskKind.Group, labels.Select(l => l[groupCol]).ToArray())
            : TaskLabels.Encode("recording", TaskKind.Group, recordingIds));
        return new LabelledDataset(examples, columns, labels, tasks, indexFiles) { Dropped = dropped };
    }

    /// <summary>Applies one mapping file: header <c>source,derived</c>; each row maps a source value to a derived value.</summary>
    private static IndexFile ApplyMapping(string mapPath, string csv, CsvTable table, List<string> columns, List<List<string>> rowLabels)
    {
        var map = CsvTable.Read(Path.GetFullPath(mapPath));
        if (map.Columns.Count != 2) throw ConcordException.InFile(map.Path, $"a mapping file has exactly 2 columns (source,derived), found {map.Columns.Count}");
        string source = map.Columns[0], derived = map.Columns[1];
        int src = columns.IndexOf(source);
        if (src < 0) throw ConcordException.InFile(map.Path, $"source column '{source}' is not a label column of {csv} (columns: {string.Join(", ", columns)})");
        if (columns.Contains(derived) || derived is "path" or "part") throw ConcordException.InFile(map.Path, $"derived column '{derived}' already exists");
        var dict = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int r = 0; r < map.Rows.Count; r++)
        {
            string key = map.Require(r, 0), value = map.Require(r, 1);
            if (dict.TryGetValue(key, out var old) && old != value)
                throw ConcordException.InFile(map.Path, $"row {map.RowNumbers[r]}: '{key}' is mapped twice ('{old}' and '{value}')");
            dict[key] = value;
        }
        Derive(csv, table, columns, rowLabels, src, derived, dict, $"mapping file {map.Path}");
        return new IndexFile(map.Path, map.Sha256!);
    }

    /// <summary>Applies one in-memory derived column; errors name the CSV row and value and the mapping's origin.</summary>
    private static void ApplyDerived(DerivedColumn d, string csv, CsvTable table, List<string> columns, List<List<string>> rowLabels)
    {
        int src = columns.IndexOf(d.Source);
        if (src < 0) throw ConcordException.InFile(csv, $"{d.Origin}: source column '{d.Source}' is not a label column (columns: {string.Join(", ", columns)})");
        if (columns.Contains(d.Name) || d.Name is "path" or "part") throw ConcordException.InFile(csv, $"{d.Origin}: derived column '{d.Name}' already exists");
        var dict = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in d.Map)
            if (!dict.TryAdd(m.From, m.To) && dict[m.From] != m.To)
                throw new ConcordException($"{d.Origin}: '{m.From}' is mapped twice ('{dict[m.From]}' and '{m.To}')");
        Derive(csv, table, columns, rowLabels, src, d.Name, dict, d.Origin);
    }

    private static void Derive(string csv, CsvTable table, List<string> columns, List<List<string>> rowLabels, int src, string derived,
        Dictionary<string, string> dict, string origin)
    {
        for (int r = 0; r < rowLabels.Count; r++)
        {
            string key = rowLabels[r][src];
            if (!dict.TryGetValue(key, out var value))
                throw ConcordException.InFile(csv, $"row {table.RowNumbers[r]}: column '{columns[src]}': value '{key}' has no entry in {origin}");
            rowLabels[r].Add(value);
        }
        columns.Add(derived);
    }
}
