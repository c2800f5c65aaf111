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
        string valid = $"the label columns of {full} are: {string.Join(", ", tasks)}";
        if (!tasks.Contains(d.MainTask)) errors.Add($"dataset.mainTask: '{d.MainTask}' is not a task of this dataset; {valid}");
        for (int i = 0; i < d.RelatedTasks.Count; i++)
            if (!tasks.Contains(d.RelatedTasks[i])) errors.Add($"dataset.relatedTasks[{i}]: '{d.RelatedTasks[i]}' is not a task of this dataset; {valid}");
        return errors;
    }
}
