using Concord.Study.Config;
using Concord.IO;

using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>
/// Checks, before a run folder is created, what a config names on disk: that <c>dataset.path</c> exists and has the
/// shape its kind needs (an NSynth folder with <c>examples.json</c>; a recordings/clips CSV file), and, for CSV datasets,
/// that the main and related tasks are label columns of the CSV. Every problem names its key, so a bad config never
/// leaves a half-made run folder behind.
/// </summary>
public static class RunPreflight
{
    /// <summary>Every problem, each as <c>key: problem</c>; empty when the run can start.</summary>
    public static IReadOnlyList<string> Check(ExperimentConfig config, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        var d = config.Dataset;
        if (d.Kind == DatasetSource.Synth || string.IsNullOrWhiteSpace(d.Path)) return errors;
        string full = Path.GetFullPath(Path.Combine(configDirectory, d.Path));
        bool isDir = Directory.Exists(full), isFile = File.Exists(full);
        if (!isDir && !isFile)
        {
            errors.Add($"dataset.path: '{full}' not found");
            return errors;
        }
        if (d.Kind == DatasetSource.NSynth)
        {
            if (isFile) errors.Add($"dataset.path: '{full}' is a file; kind 'nSynth' needs the dataset folder (examples.json and audio/)");
            else if (!File.Exists(Path.Combine(full, "examples.json"))) errors.Add($"dataset.path: '{full}' has no examples.json; kind 'nSynth' needs the NSynth folder layout");
            return errors;
        }
        if (isDir)
        {
            errors.Add($"dataset.path: '{full}' is a folder; kind '{d.KindName()}' needs the labels CSV file");
            return errors;
        }
        CsvTable table;
        try { table = CsvTable.Read(full); }
        catch (ConcordException ex)
        {
            errors.Add($"dataset.path: {ex.Message}");
            return errors;
        }
        var tasks = table.Columns.Where(c => c != "path").ToList();
        if (d.Kind == DatasetSource.Recordings) tasks.Add("part");
        CheckDerivedTasks(d, table, full, tasks, errors);
        string valid = $"the label columns of {full} are: {string.Join(", ", tasks)}";
        if (!tasks.Contains(d.MainTask)) errors.Add($"dataset.mainTask: '{d.MainTask}' is not a task of this dataset; {valid}");
        for (int i = 0; i < d.RelatedTasks.Count; i++)
            if (!tasks.Contains(d.RelatedTasks[i])) errors.Add($"dataset.relatedTasks[{i}]: '{d.RelatedTasks[i]}' is not a task of this dataset; {valid}");
        return errors;
    }

    /// <summary>
    /// Each derived task's source is a label column (or an earlier derived task) and every value of it in the data has a
    /// class; the error names the first unmapped value and its CSV row. Adds the derived names to <paramref name="tasks"/>
    /// (also when broken, so that a task naming one gets no second error).
    /// </summary>
    private static void CheckDerivedTasks(DatasetSection d, CsvTable table, string csv, List<string> tasks, List<string> errors)
    {
        var values = new Dictionary<string, List<(string Value, int Row)>>(StringComparer.Ordinal);
        for (int c = 0; c < table.Columns.Count; c++)
            if (table.Columns[c] != "path")
                values[table.Columns[c]] = table.Rows.Select((row, r) => (row[c], table.RowNumbers[r])).ToList();
        for (int i = 0; i < d.DerivedTasks.Count; i++)
        {
            var t = d.DerivedTasks[i];
            string key = $"dataset.derivedTasks[{i}]";
            if (tasks.Contains(t.Name)) { errors.Add($"{key}.name: '{t.Name}' is already a task of this dataset"); continue; }
            tasks.Add(t.Name);   // even when it is broken below: one error for it, not one more per task that names it
            if (!values.TryGetValue(t.From, out var source))
            {
                errors.Add($"{key}.from: '{t.From}' is not a label column of {csv} (columns: {string.Join(", ", values.Keys)})");
                continue;
            }
            var classOf = t.Classes.SelectMany(c => c.Value.Select(v => (v, c.Key))).GroupBy(x => x.v).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
            var missing = source.Where(s => !classOf.ContainsKey(s.Value)).ToList();
            if (missing.Count > 0)
            {
                var distinct = missing.Select(m => m.Value).Distinct().ToList();
                errors.Add($"{key}.classes: '{t.From}' value '{missing[0].Value}' ({csv} row {missing[0].Row}) belongs to no class"
                           + (distinct.Count > 1 ? $" (nor do {distinct.Count - 1} other value(s): {string.Join(", ", distinct.Skip(1).Take(5).Select(v => $"'{v}'"))})" : ""));
                continue;
            }
            values[t.Name] = source.Select(s => (classOf[s.Value], s.Row)).ToList();
        }
    }
}
