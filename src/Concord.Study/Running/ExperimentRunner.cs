using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Concord.Study.Config;
using Concord.IO;

using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>
/// Runs a study: applies the overrides, checks the config and its inputs (<see cref="RunPreflight"/>) before anything
/// is created, writes <c>config.resolved.json</c>, runs the stages in order through the
/// content-hash cache, records wall time per stage in <c>manifest.json</c>, stores the run summary in
/// <c>results.db</c> and writes the report. Composition only: every computation is in a stage, every stage calls a
/// library. A stage whose dependency did not finish is not run and is reported as not measured, with the reason.
/// </summary>
/// <param name="stages">The stages, in run order.</param>
/// <param name="writeReport">Writes the report of a run folder and returns its path; it reports each file it has written.</param>
public sealed class ExperimentRunner(IReadOnlyList<IRunStage> stages, Func<string, IProgress<string>?, string>? writeReport = null)
{
    /// <summary>Applies command-line overrides to a config.</summary>
    public static ExperimentConfig ApplyOverrides(ExperimentConfig config, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        var c = config;
        if (options.LimitNotes is int n) c = c with { Dataset = c.Dataset with { Limit = Math.Min(n, c.Dataset.Limit ?? int.MaxValue) } };
        if (options.LimitEpochs is int e) c = c with { Training = c.Training with { Epochs = Math.Min(e, c.Training.Epochs) } };
        if (options.LimitSeeds is int s) c = c with { Seeds = c.Seeds.Take(s).ToList() };
        return c;
    }

    /// <summary>Stage names in order.</summary>
    public IReadOnlyList<string> StageNames => stages.Select(s => s.Name).ToList();

    /// <summary>Runs the study described by <paramref name="config"/> (loaded from a file in <paramref name="configDirectory"/>).</summary>
    public RunOutcome Run(ExperimentConfig config, string configDirectory, RunOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var optionErrors = options.Validate().ToList();
        if (optionErrors.Count > 0) throw new ConcordException(string.Join("; ", optionErrors));
        foreach (string f in options.Force)
            if (!stages.Any(s => s.Name == f) && f != "report")
                throw new ConcordException($"--force: unknown stage '{f}'; stages: {string.Join(", ", StageNames)}");
        var resolved = ApplyOverrides(config, options);
        // Pre-flight: nothing is created until the config and every input it names have been checked.
        var errors = resolved.Validate().Concat(RunPreflight.Check(resolved, configDirectory)).ToList();
        if (errors.Count > 0)
            throw new ConcordException($"{options.ConfigSource ?? "config"}: {errors.Count} config error(s): {string.Join("; ", errors)}");

        string runDir = Path.GetFullPath(options.OutputDirectory ?? Path.Combine(configDirectory, resolved.Output));
        AtomicFile.EnsureWritableDirectory(runDir);
        AtomicFile.CleanTemporaries(runDir);
        var cache = new ArtefactCache(Path.Combine(runDir, "artefacts"));
        cache.CleanTemporaries();
        string resolvedJson = ExperimentConfigLoader.ToJson(resolved);
        AtomicFile.WriteAllText(Path.Combine(runDir, "config.resolved.json"), resolvedJson);
        string configHash = ArtefactCache.Hash("config", resolved);
        string started = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        var force = ExpandForce(options.Force);
        var state = new RunState();
        var timings = new List<StageTiming>();
        var manifest = new RunManifest
        {
            ConfigHash = configHash, Seeds = resolved.Seeds, Device = resolved.Device.ToString().ToLowerInvariant(),
            Threads = resolved.Threads ?? Environment.ProcessorCount, StartedUtc = started, Packages = Packages(),
            ComputeEnvironment = options.ComputeEnvironment,
        };
        using var store = ResultsStore.Open(Path.Combine(runDir, ResultsStore.FileName));
        foreach (var stage in stages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var blocked = stage.DependsOn.Where(d => timings.FirstOrDefault(t => t.Stage == d) is not { Status: StageStatus.Done }).ToList();
            StageResult result;
            var sw = Stopwatch.StartNew();
            if (blocked.Count > 0)
                result = StageResult.NotMeasured($"needs stage(s) {string.Join(", ", blocked)}, which did not finish");
            else
            {
                progress?.Report(new RunProgress(stage.Name, 0, 0, "starting"));
                var ctx = new StageContext
                {
                    Config = resolved, ConfigDirectory = configDirectory, RunDirectory = runDir, Cache = cache, Store = store, State = state,
                    Force = force.Contains(stage.Name), Progress = progress,
                };
                try { result = stage.Run(ctx, cancellationToken); }
                catch (ConcordException ex) { result = new StageResult(StageStatus.Failed, 0, 0, FirstLine(ex.Message)); }
            }
            timings.Add(new StageTiming(stage.Name, result.Status, sw.Elapsed.TotalSeconds, result.Computed, result.Reused, result.Note));
            manifest = manifest with { Stages = timings.ToList() };
            WriteManifest(runDir, manifest);
            // Reported after the manifest is written: a stage boundary is durable once its final status is reported.
            progress?.Report(new RunProgress(stage.Name, 1, 1, result.Status.ToString()));
        }

        var experiments = resolved.Experiments.Enumerate().Select(e =>
            !e.On ? new ExperimentState(e.Id, StageStatus.Off, "")
            : state.Experiments.TryGetValue(e.Id, out var s) ? s
            : new ExperimentState(e.Id, StageStatus.NotMeasured, "no stage of this build produced it")).ToList();
        bool complete = timings.All(t => t.Status is StageStatus.Done or StageStatus.Off);
        if (complete) store.Prune(state.ResultHashes);
        store.PutRun(new RunSummary
        {
            RunId = configHash[..12], ConfigName = resolved.Name, Dataset = StudyNames.Dataset(resolved), Profile = StudyNames.Profile(resolved),
            MainTask = resolved.Dataset.MainTask, RelatedTasks = resolved.Dataset.RelatedTasks, Architectures = resolved.Architectures, Seeds = resolved.Seeds,
            StartedUtc = started, DifferencesFromPaper = PaperSetup.Differences(resolved), Stages = timings.ToList(), Experiments = experiments,
            SimilarityMeasures = resolved.Similarity.Measures,
            Dropped = state.PreparedCache is { } prepared ? Concord.Datasets.PreparedCache.DroppedItems(prepared) : [],
        });

        string? report = null;
        if (writeReport is not null)
        {
            var sw = Stopwatch.StartNew();
            progress?.Report(new RunProgress("report", 0, 1, "writing report.html"));
            int written = 0;
            report = writeReport(runDir, progress is null ? null
                : new SyncProgress<string>(file => progress.Report(new RunProgress("report", ++written, 0, "wrote " + file))));
            timings.Add(new StageTiming("report", StageStatus.Done, sw.Elapsed.TotalSeconds, 1, 0, ""));
        }
        WriteManifest(runDir, manifest with { Stages = timings.ToList(), FinishedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) });
        return new RunOutcome(runDir, timings, report);
    }

    /// <summary>The forced stages plus every stage that depends on one of them, transitively.</summary>
    private HashSet<string> ExpandForce(IReadOnlySet<string> force)
    {
        var set = new HashSet<string>(force, StringComparer.Ordinal);
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var s in stages)
                if (!set.Contains(s.Name) && s.DependsOn.Any(set.Contains)) grew = set.Add(s.Name) || grew;
        }
        return set;
    }

    private static void WriteManifest(string runDir, RunManifest m) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, "manifest.json"), JsonSerializer.Serialize(m, ExperimentConfigLoader.Options));

    private static Dictionary<string, string> Packages() =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetName())
            .Where(n => n.Name is "Concord.Core" or "Concord.Torch" or "Concord.Reporting" or "TorchSharp" or "ScottPlot" or "Microsoft.Data.Sqlite" or "Parquet")
            .GroupBy(n => n.Name!).ToDictionary(g => g.Key, g => g.First().Version?.ToString() ?? "?", StringComparer.Ordinal);

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
