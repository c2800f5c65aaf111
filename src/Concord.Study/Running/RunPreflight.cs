using Concord.Audio;
using Concord.Datasets;
using Concord.Features;
using Concord.IO;
using Concord.Onnx;
using Concord.Study.Config;
using Concord.Study.Stages;

using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>
/// Checks, before a run folder is created, what a config names on disk: that <c>dataset.path</c> exists and has the
/// shape its kind needs (an NSynth folder with <c>examples.json</c>; a recordings/clips CSV file), and, for CSV datasets,
/// that the main and related tasks are label columns of the CSV; an arrays dataset's inputs and labels; every external
/// feature file (and, for arrays, its ids against the dataset's); every imported network (graph, layers, input size,
/// opset). Every problem names its key, so a bad config never leaves a half-made run folder behind.
/// </summary>
public static class RunPreflight
{
    /// <summary>Every problem, each as <c>key: problem</c>; empty when the run can start.</summary>
    public static IReadOnlyList<string> Check(ExperimentConfig config, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>(Dataset(config, configDirectory));
        if (errors.Count > 0) return errors;
        var arrayIds = config.Dataset.Kind == DatasetSource.Arrays ? ArraysDataset(config, configDirectory).Examples.Select(e => e.Id).ToList() : null;
        for (int i = 0; i < config.Features.Count; i++)
        {
            var f = config.Features[i];
            if (!f.IsExternal) continue;
            try
            {
                var external = f.External(configDirectory);
                if (arrayIds is null) ExternalFeatures.Check(external);
                else ExternalFeatures.Align(external, arrayIds);
            }
            catch (ConcordException ex) { errors.Add($"features[{i}] ('{f.Name}'): {ex.Message}"); }
        }
        for (int i = 0; i < config.Networks.Count; i++)
            errors.AddRange(Network(config, configDirectory, i));
        errors.AddRange(ArchitecturesFit(config, configDirectory));
        return errors;
    }

    /// <summary>Every built-in architecture (and channel variant) must fit the inputs' [H, W] (an arrays dataset's own size,
    /// or a front end that makes short clips); the error names the architecture and both sizes.</summary>
    private static IEnumerable<string> ArchitecturesFit(ExperimentConfig c, string configDirectory)
    {
        if (PrepareTask.InputSizeOf(c, configDirectory) is not var (h, w)) yield break;
        for (int i = 0; i < c.Architectures.Count; i++)
        {
            string? problem = null;
            try { Concord.Torch.Models.ModelShapes.Compute(new Concord.Torch.Models.ModelOptions { Architecture = c.Architectures[i], Mels = h, Frames = w }); }
            catch (ConcordException ex) { problem = ex.Message; }
            if (problem is not null) yield return $"architectures[{i}]: '{c.Architectures[i]}' cannot take the study's inputs: {problem}";
        }
    }

    /// <summary>The arrays dataset a config names (read and checked, nothing written).</summary>
    private static LabelledDataset ArraysDataset(ExperimentConfig c, string configDirectory) =>
        Concord.Datasets.ArraysDataset.Load(Path.GetFullPath(Path.Combine(configDirectory, c.Dataset.Path!)),
            Path.GetFullPath(Path.Combine(configDirectory, c.Dataset.Labels!)), PrepareTask.ArraysOptions(c));

    /// <summary>An imported network: a readable ONNX graph whose layers exist, whose input takes the spectrograms, and
    /// which ONNX Runtime accepts (opset); the untrained graph must have the same layers.</summary>
    private static IEnumerable<string> Network(ExperimentConfig c, string configDirectory, int i)
    {
        var n = c.Networks[i];
        var (h, w) = PrepareTask.InputSizeOf(c, configDirectory) ?? (0, 0);
        var problems = new List<string>();
        foreach (var (key, file) in new[] { ("onnx", n.Onnx), ("untrainedOnnx", n.UntrainedOnnx) })
        {
            if (file is null) continue;
            try
            {
                var model = OnnxModel.Load(Path.GetFullPath(Path.Combine(configDirectory, file)));
                var layers = model.Resolve(n.Layers);
                model.CheckInput(h, w, n.Input, "the study's dataset");
                using var session = model.CreateSession(layers, 1);
            }
            catch (ConcordException ex) { problems.Add($"networks[{i}].{key} ('{n.Name}'): {ex.Message}"); }
        }
        return problems;
    }

    private static IEnumerable<string> Dataset(ExperimentConfig config, string configDirectory)
    {
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
        if (d.Kind == DatasetSource.Arrays)
        {
            try
            {
                var dataset = ArraysDataset(config, configDirectory);
                string columns = $"the label columns of {Path.GetFullPath(Path.Combine(configDirectory, d.Labels!))} are: {string.Join(", ", dataset.Tasks.Select(t => t.Task.Name))}";
                if (!dataset.Tasks.Any(t => t.Task.Name == d.MainTask)) errors.Add($"dataset.mainTask: '{d.MainTask}' is not a task of this dataset; {columns}");
                for (int i = 0; i < d.RelatedTasks.Count; i++)
                    if (!dataset.Tasks.Any(t => t.Task.Name == d.RelatedTasks[i])) errors.Add($"dataset.relatedTasks[{i}]: '{d.RelatedTasks[i]}' is not a task of this dataset; {columns}");
            }
            catch (ConcordException ex) { errors.Add($"dataset: {ex.Message}"); }
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
