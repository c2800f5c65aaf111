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
        errors.AddRange(LimitErrors(d));
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

    /// <summary>
    /// A <c>dataset.limit</c> too small for the study, found before anything is written instead of mid-run: fewer
    /// synthetic notes than families, fewer than two examples, or a random split (any dataset) or stratified split
    /// (synthetic notes, whose classes are known in advance) that would leave the train or test set empty. Splits that
    /// depend on the data's own classes or groups are checked when the split is made.
    /// </summary>
    private static IEnumerable<string> LimitErrors(DatasetSection d)
    {
        if (d.Limit is not int n || n <= 0 || !(d.TestFraction is > 0 and < 1)) yield break;   // no limit, or already refused at load
        int families = Concord.Datasets.SynthDataset.FamilyCount;
        if (d.Kind == DatasetSource.Synth && n < families)
        {
            yield return $"dataset.limit: {n} synthetic notes are fewer than the {families} instrument families (the synthetic dataset needs at least one note per family)";
            yield break;
        }
        if (n < 2)
        {
            yield return $"dataset.limit: {n} example cannot be split into a train and a test set (at least 2 are needed)";
            yield break;
        }
        string fraction = d.TestFraction.ToString(System.Globalization.CultureInfo.InvariantCulture);
        int test = d.Split switch
        {
            ConfigSplitKind.Random => Concord.Datasets.DatasetSplitter.TestSize(n, d.TestFraction),
            ConfigSplitKind.Stratified when d.Kind == DatasetSource.Synth =>
                Enumerable.Range(0, families).Sum(f => Concord.Datasets.DatasetSplitter.TestSize(n / families + (f < n % families ? 1 : 0), d.TestFraction)),
            _ => -1,
        };
        if (test == 0 || test == n)
            yield return $"dataset.limit: {n} examples with dataset.testFraction {fraction} leave the {(test == 0 ? "test" : "train")} set of the "
                         + $"{d.Split.ToString().ToLowerInvariant()} split empty; raise dataset.limit{(test == 0 ? " or dataset.testFraction" : "")}";
    }
}
