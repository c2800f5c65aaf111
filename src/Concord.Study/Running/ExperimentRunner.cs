using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Concord.Experiments;
using Concord.IO;
using Concord.Study.Config;
using Concord.Study.Stages;

namespace Concord.Study.Running;

/// <summary>
/// Runs a study's <see cref="StudyPlan"/>: applies the overrides, checks the config and its inputs
/// (<see cref="RunPreflight"/>) before anything is created, writes <c>config.resolved.json</c> and <c>plan.json</c>,
/// then either runs every task (up to <see cref="RunOptions.Jobs"/> at once, each after its inputs, under a whole-run
/// lock) and the collect task, or exactly one task (<see cref="RunOptions.TaskId"/>, for a cluster worker). A task
/// computes into its artefact folder under a per-task lock; a finished task is reused; a failed one is recorded and
/// only the tasks that read it are skipped. Composition only: every computation is in a task.
/// </summary>
/// <param name="planner">Derives the plan of a resolved config (<see cref="StudyPlanner.Plan"/>).</param>
/// <param name="writeReport">Writes the report of a run folder and returns its path; it reports each file it has written.</param>
public sealed class ExperimentRunner(Func<ExperimentConfig, string, StudyPlan> planner, Func<string, IProgress<string>?, string>? writeReport = null)
{
    /// <summary>Name of the whole-run lock file in the run folder.</summary>
    public const string RunLockFile = ".concord-run.lock";
    /// <summary>Name of the plan file in the run folder.</summary>
    public const string PlanFile = "plan.json";
    /// <summary>Suffix of a failed task's rows about its failure, next to its <c>.failed</c> note (<see cref="TaskFailedException"/>).</summary>
    private const string FailedRowsSuffix = ".json";

    private Func<string, IProgress<string>?, string>? WriteReport => writeReport;

    /// <summary>The study's runner with the report writer attached.</summary>
    public static ExperimentRunner Default(Func<string, IProgress<string>?, string>? writeReport) => new(StudyPlanner.Plan, writeReport);

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

    /// <summary>
    /// Checks the options and config (and, unless <paramref name="checkInputs"/> is false, the files it names), and returns
    /// the resolved config and its plan; nothing is written. The plan itself never reads the dataset.
    /// </summary>
    public (ExperimentConfig Resolved, StudyPlan Plan) Resolve(ExperimentConfig config, string configDirectory, RunOptions options, bool checkInputs = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var optionErrors = options.Validate().ToList();
        if (optionErrors.Count > 0) throw new UsageException(string.Join("; ", optionErrors));
        foreach (string f in options.Force)
            if (!StudyTaskKindNames.TryParse(f, out _))
                throw new UsageException($"--force: unknown stage '{f}'; stages: {string.Join(", ", StudyTaskKindNames.All.Select(k => k.ToName()))}");
        var resolved = ApplyOverrides(config, options);
        var errors = resolved.Validate().Concat(checkInputs ? RunPreflight.Check(resolved, configDirectory) : []).ToList();
        if (errors.Count > 0)
            throw new ConcordException($"{options.ConfigSource ?? "config"}: {errors.Count} config error(s): {string.Join("; ", errors)}");
        return (resolved, planner(resolved, configDirectory));
    }

    /// <summary>The run folder of a config and options.</summary>
    public static string RunDirectory(ExperimentConfig resolved, string configDirectory, RunOptions options) =>
        Path.GetFullPath(options.OutputDirectory ?? Path.Combine(configDirectory, resolved.Output));

    /// <summary>Runs the study described by <paramref name="config"/> (loaded from a file in <paramref name="configDirectory"/>).</summary>
    public RunOutcome Run(ExperimentConfig config, string configDirectory, RunOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var (resolved, plan) = Resolve(config, configDirectory, options);
        if (options.TaskId is { } id && plan.Find(id) is null)
            throw new UsageException($"--task: no task '{id}' in the plan of this config; nearest: {string.Join(", ", plan.Nearest(id))} (concord plan lists them all)");
        string runDir = RunDirectory(resolved, configDirectory, options);
        AtomicFile.EnsureWritableDirectory(runDir);
        using var runLock = options.TaskId is null ? AcquireRunLock(runDir, progress) : null;
        if (options.TaskId is null) AtomicFile.CleanTemporaries(runDir);
        var session = new Session(this, resolved, configDirectory, runDir, plan, options, progress);
        session.WriteHeader();
        return options.TaskId is { } one ? session.RunOne(plan.Find(one)!, cancellationToken) : session.RunAll(cancellationToken);
    }

    private static FileLock AcquireRunLock(string runDir, IProgress<RunProgress>? progress)
    {
        string path = Path.Combine(runDir, RunLockFile);
        var l = FileLock.TryAcquire(path, out string? heldBy, out string? takenOver)
                ?? throw new ConcordException($"{runDir}: another concord run is using this run folder ({heldBy}); wait for it to finish, or use another --out");
        if (takenOver is not null) progress?.Report(new RunProgress("run", 0, 0, $"took over a stale run lock ({takenOver}): its process is gone", Notice: true));
        return l;
    }

    /// <summary>One invocation's state: the run folder, the plan, and what each task did.</summary>
    private sealed class Session(ExperimentRunner runner, ExperimentConfig resolved, string configDirectory, string runDir, StudyPlan plan, RunOptions options,
        IProgress<RunProgress>? progress)
    {
        private readonly ArtefactCache _cache = new(Path.Combine(runDir, "artefacts"), options.Verify);
        /// <summary>Finished artefacts found damaged and recomputed by this invocation, with the damaged files (relative paths).</summary>
        private readonly ConcurrentDictionary<StudyTask, string> _repaired = new();
        private readonly object _gate = new();
        private readonly Dictionary<StudyTask, TaskRecord> _records = [];
        private readonly string _started = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        private readonly string _configHash = ArtefactCache.Hash("config", resolved);
        private IReadOnlySet<StudyTask> _forced = new HashSet<StudyTask>();
        /// <summary>The tasks that read each intermediate task's data (the collect task reads only result rows).</summary>
        private readonly IReadOnlyDictionary<StudyTask, StudyTask[]> _readers = plan.Tasks.Where(t => t.Intermediate)
            .ToDictionary(t => t, t => plan.Tasks.Where(r => r is not CollectTask && r.Inputs.Contains(t)).ToArray());
        private readonly bool _releaseConsumed = resolved.Activations.Keep == ActivationKeep.UntilConsumed;
        private readonly List<StageTiming> _finishedKinds = [];
        private int _running;
        private readonly MemoryGate _memory = new(resolved.MemoryBytes);

        private sealed record TaskRecord(StageStatus Status, bool Computed, double Seconds, string Note);

        public void WriteHeader()
        {
            AtomicFile.WriteAllText(Path.Combine(runDir, "config.resolved.json"), ExperimentConfigLoader.ToJson(resolved));
            AtomicFile.WriteAllText(Path.Combine(runDir, PlanFile), PlanJson.Write(plan));
            var kinds = options.Force.Select(f => { StudyTaskKindNames.TryParse(f, out var k); return k; }).ToHashSet();
            _forced = plan.Dependents(plan.Tasks.Where(t => kinds.Contains(t.Kind)));
        }

        public RunOutcome RunOne(StudyTask task, CancellationToken ct)
        {
            if (task is CollectTask collect) return Collect(collect, force: _forced.Contains(task));
            var missing = task.Inputs.Where(i => !_cache.IsDone(i.Kind.ToName(), i.Hash)).ToList();
            if (missing.Count > 0)
                throw new ConcordException($"task {task.Id} cannot start: its input(s) have not finished: {string.Join(", ", missing.Select(m => $"{m.Id} ({m.Label})"))}");
            var r = Execute(task, alone: true, ct);
            if (r.Status == StageStatus.Failed) throw new ConcordException($"task {task.Id} ({task.Label}) failed: {r.Note}");
            lock (_gate) _records[task] = r;
            ReleaseConsumedInputs(task);
            return new RunOutcome(runDir, [new StageTiming(task.Kind.ToName(), r.Status, r.Seconds, r.Computed ? 1 : 0, r.Computed ? 0 : 1, $"{task.Id}: {r.Note}")], null);
        }

        public RunOutcome RunAll(CancellationToken ct)
        {
            // Temporaries of killed computations, also of tasks no longer in the plan; a task a live worker holds is left alone.
            _cache.CleanTemporaries((kind, hash) => FileLock.IsHeld(_cache.PathFor(kind, hash) + ".lock"));
            var work = plan.Tasks.Where(t => t is not CollectTask).ToList();
            int cores = Environment.ProcessorCount, threads = resolved.Threads ?? cores;
            int slots = Math.Max(1, Math.Min(options.Jobs, cores / Math.Max(1, threads)));
            if (slots < options.Jobs)
                progress?.Report(new RunProgress("run", 0, 0,
                    $"--jobs {options.Jobs}: {slots} task(s) at a time, since each task computes with {threads} thread(s) (config threads) on {cores} cores; set \"threads\": 1 to run {options.Jobs} at once"));
            var pending = new List<StudyTask>(work);
            var running = new Dictionary<Task, StudyTask>();
            while (pending.Count > 0 || running.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                // Under activations.keep untilConsumed, tasks that read an intermediate artefact go first, so that an
                // extraction's readers finish (and its files are deleted) before the next extraction adds its own.
                foreach (var t in (_releaseConsumed ? pending.OrderBy(t => t.Inputs.Any(i => i.Intermediate) ? 0 : 1).ToList() : pending.ToList()))
                {
                    var inputs = t.Inputs.Select(i => _records.GetValueOrDefault(i)).ToList();
                    if (inputs.Any(r => r is { Status: not StageStatus.Done }))
                    {
                        pending.Remove(t);
                        var blockers = t.Inputs.Where(i => _records.GetValueOrDefault(i) is { Status: not StageStatus.Done }).Select(i => i.Label);
                        Record(t, new TaskRecord(StageStatus.NotMeasured, false, 0, $"needs {string.Join(", ", blockers)}, which did not finish"));
                        continue;
                    }
                    if (inputs.Any(r => r is null) || running.Count >= slots) continue;
                    pending.Remove(t);
                    bool alone = slots == 1;
                    running[Task.Factory.StartNew(() => Record(t, Execute(t, alone, ct)), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)] = t;
                }
                if (running.Count == 0)
                {
                    if (pending.Count > 0 && pending.All(t => t.Inputs.Any(i => !_records.ContainsKey(i))))
                        throw new InvalidOperationException($"plan order: {pending[0].Id} waits for an input that never runs");
                    continue;
                }
                var done = Task.WhenAny(running.Keys).GetAwaiter().GetResult();
                running.Remove(done);
                if (done.IsFaulted || done.IsCanceled)
                {
                    Task.WhenAll(running.Keys).ContinueWith(_ => { }).Wait(CancellationToken.None);
                    done.GetAwaiter().GetResult();
                }
            }
            return Collect((CollectTask)plan.Tasks[^1], force: true);
        }

        private void Record(StudyTask t, TaskRecord r)
        {
            string kind = t.Kind.ToName();
            int doneOfKind, ofKind, reusedOfKind;
            double plannedComputed, plannedLeft;
            StageTiming? finished = null;
            lock (_gate)
            {
                _records[t] = r;
                var tasks = plan.Tasks.Where(x => x.Kind == t.Kind).ToList();
                ofKind = tasks.Count;
                doneOfKind = tasks.Count(_records.ContainsKey);
                reusedOfKind = tasks.Count(x => _records.GetValueOrDefault(x) is { Computed: false });
                plannedComputed = tasks.Where(x => _records.GetValueOrDefault(x) is { Computed: true }).Sum(x => x.EstimatedSeconds);
                plannedLeft = tasks.Where(x => !_records.ContainsKey(x)).Sum(x => x.EstimatedSeconds);
                if (doneOfKind == ofKind)
                {
                    finished = KindTiming(t.Kind, tasks.ToDictionary(x => x, x => _records[x].Note));
                    _finishedKinds.Add(finished);
                    WriteManifest(_finishedKinds, null);
                }
            }
            string outcome = r.Status == StageStatus.Done ? (r.Computed ? "done" : "reused") : r.Status == StageStatus.Failed ? "failed: " + r.Note : "skipped: " + r.Note;
            progress?.Report(new RunProgress(kind, doneOfKind, ofKind, $"{t.Label}: {outcome}", Reused: reusedOfKind, PlannedComputed: plannedComputed, PlannedLeft: plannedLeft));
            if (r.Status == StageStatus.Done) ReleaseConsumedInputs(t);
            if (finished is not null) progress?.Report(new RunProgress(kind, ofKind, ofKind, finished.Status.ToString()));
        }

        private void WriteManifest(IReadOnlyList<StageTiming> timings, string? finishedUtc, int done = 0)
        {
            var manifest = new RunManifest
            {
                ConfigHash = _configHash, Seeds = resolved.Seeds, Device = resolved.Device.ToString().ToLowerInvariant(),
                Threads = resolved.Threads ?? Environment.ProcessorCount, StartedUtc = _started, Packages = Packages(),
                ComputeEnvironment = options.ComputeEnvironment, Stages = timings.ToList(), Tasks = plan.Tasks.Count - 1, TasksDone = done,
                FinishedUtc = finishedUtc ?? "",
            };
            AtomicFile.WriteAllText(Path.Combine(runDir, "manifest.json"), JsonSerializer.Serialize(manifest, ExperimentConfigLoader.Options));
        }

        /// <summary>Runs one task under its lock, unless finished (and not forced); failures are recorded, not thrown.</summary>
        private TaskRecord Execute(StudyTask task, bool alone, CancellationToken ct)
        {
            string kind = task.Kind.ToName();
            bool force = _forced.Contains(task);
            if (!force)
            {
                var check = _cache.Check(kind, task.Hash);
                if (Reusable(task, check)) return new TaskRecord(StageStatus.Done, false, 0, "");
                // recompute a damaged artefact, or a released one a reader still needs (its inputs and options are unchanged)
                force = check.State is ArtefactState.Damaged or ArtefactState.Released;
            }
            string lockPath = _cache.PathFor(kind, task.Hash) + ".lock";
            using var taskLock = FileLock.TryAcquire(lockPath, out string? heldBy, out string? takenOver);
            if (taskLock is null)
                return new TaskRecord(StageStatus.Failed, false, 0, $"another worker is running it ({heldBy}); rerun when it has finished");
            if (takenOver is not null) progress?.Report(new RunProgress(kind, 0, 0, $"{task.Label}: took over a stale lock ({takenOver})", Notice: true));
            if (!force && _cache.IsDone(kind, task.Hash)) return new TaskRecord(StageStatus.Done, false, 0, "");  // finished by another worker meanwhile
            _cache.CleanTemporaries(kind, task.Hash);
            string failedMarker = _cache.PathFor(kind, task.Hash) + ".failed";
            int concurrent = Interlocked.Increment(ref _running);
            var meter = new TaskMeter(alone && concurrent == 1);
            progress?.Report(new RunProgress(kind, 0, 0, task.Label + ": starting"));
            TaskResults? results = null;
            var waited = TimeSpan.Zero;
            string folder = _cache.PathFor(kind, task.Hash);
            StageStatus status;
            string note;
            try
            {
                Action<string> compute = dir =>
                {
                    using var context = new TaskContext(task, resolved, configDirectory, dir, _cache, progress, _memory, ct);
                    try
                    {
                        results = task.Execute(context, ct);
                        results.Write(dir);
                    }
                    finally { waited += context.MemoryWait; }
                };
                if (task.Resumable) _cache.GetOrComputeResumable(kind, task.Hash, compute, force, out _);
                else _cache.GetOrCompute(kind, task.Hash, compute, force, out _);
                if (File.Exists(failedMarker)) File.Delete(failedMarker);
                if (File.Exists(failedMarker + FailedRowsSuffix)) File.Delete(failedMarker + FailedRowsSuffix);
                (status, note) = (StageStatus.Done, results?.Note ?? "");
            }
            catch (ConcordException ex)
            {
                note = ex.Message.Split('\n')[0].Trim();
                AtomicFile.WriteAllText(failedMarker, note + "\n");
                if (ex is TaskFailedException failed) failed.Partial.WriteFile(failedMarker + FailedRowsSuffix);
                else if (File.Exists(failedMarker + FailedRowsSuffix)) File.Delete(failedMarker + FailedRowsSuffix);
                status = StageStatus.Failed;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
                GiveBackMemory();
            }
            bool stillAlone = Volatile.Read(ref _running) == 0;
            var cost = meter.Stop(task, folder, resolved.Threads ?? Environment.ProcessorCount, stillAlone, waited);
            cost.Write(runDir);
            return new TaskRecord(status, true, cost.Seconds, note);
        }

        /// <summary>
        /// When a task ends, what it freed leaves the process: a compacting collection that decommits the managed heap's
        /// free space, and the C heap's free memory (kept for libtorch's batches) given back to the kernel. Otherwise the
        /// peak resident size of a study is the sum of its tasks' high-water marks, not the largest of them.
        /// </summary>
        private static void GiveBackMemory()
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            Concord.Torch.NativeAllocator.GiveBack();
        }

        /// <summary>
        /// Whether a task's finished artefact can be reused, from its check against the manifest in its <c>.done</c>
        /// marker. Intact: yes (files the manifest does not list are named, and left alone). Damaged: no, it is recomputed
        /// and the damaged file is named; with <c>--verify</c> the run stops with an error naming it. No manifest (an
        /// earlier Concord): accepted as found and its manifest recorded now, so that later damage is detected; with
        /// <c>--verify</c> the run stops, since it cannot be verified.
        /// </summary>
        private bool Reusable(StudyTask task, ArtefactCheck check)
        {
            string kind = task.Kind.ToName();
            switch (check.State)
            {
                case ArtefactState.NotDone:
                    return false;
                case ArtefactState.Intact:
                    if (check.Extra.Count > 0)
                        progress?.Report(new RunProgress(kind, 0, 0, $"{task.Label}: {check.Extra.Count} file(s) in {check.Folder} not in its manifest, left alone: {string.Join(", ", check.Extra.Take(3))}", Notice: true));
                    return true;
                case ArtefactState.Released:
                    if (ReadersFinished(task)) return true;
                    progress?.Report(new RunProgress(kind, 0, 0, $"{task.Label}: recreating its activation files, deleted after their readers finished (activations.keep: untilConsumed), for {Unfinished(task)?.Label}", Notice: true));
                    return false;
                case ArtefactState.NoManifest:
                    if (options.Verify)
                        throw new ConcordException($"{check.Describe()}; run once without --verify to record its manifest from the files as they are, or recompute it with --force {kind}");
                    _cache.RecordManifest(kind, task.Hash);
                    progress?.Report(new RunProgress(kind, 0, 0, $"{task.Label}: {check.Describe()}; accepted as found and its manifest recorded now", Notice: true));
                    return true;
                default:
                    if (options.Verify) throw new ConcordException($"{check.Describe()}; rerun without --verify to recompute it");
                    _repaired[task] = string.Join(", ", check.Damage.Select(d => Path.GetRelativePath(check.Folder, d.Path)));
                    progress?.Report(new RunProgress(kind, 0, 0, $"{task.Label}: {check.Describe()}; recomputing it", Notice: true));
                    return false;
            }
        }

        /// <summary>True when every task that reads <paramref name="task"/>'s data has finished and is not to be recomputed.</summary>
        private bool ReadersFinished(StudyTask task) => Unfinished(task) is null;

        /// <summary>The first reader of <paramref name="task"/>'s data that has not finished, or that <c>--force</c> recomputes
        /// and this invocation has not recomputed yet; null when there is none.</summary>
        private StudyTask? Unfinished(StudyTask task)
        {
            lock (_gate)
                return _readers.GetValueOrDefault(task, []).FirstOrDefault(r => !_cache.IsDone(r.Kind.ToName(), r.Hash)
                    || (_forced.Contains(r) && _records.GetValueOrDefault(r) is not { Status: StageStatus.Done, Computed: true }));
        }

        /// <summary>
        /// Under <c>activations.keep: untilConsumed</c>, deletes the data files of each intermediate input of
        /// <paramref name="finished"/> whose readers have all finished (under the input's lock; skipped while a worker holds it).
        /// </summary>
        private void ReleaseConsumedInputs(StudyTask finished)
        {
            if (!_releaseConsumed) return;
            foreach (var input in finished.Inputs.Where(i => i.Intermediate && ReadersFinished(i)))
            {
                string kind = input.Kind.ToName();
                if (_cache.Check(kind, input.Hash).State != ArtefactState.Intact) continue;
                using var held = FileLock.TryAcquire(_cache.PathFor(kind, input.Hash) + ".lock", out _, out _);
                if (held is null || !ReadersFinished(input)) continue;
                long bytes;
                try { bytes = _cache.Release(kind, input.Hash, KeptOnRelease); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Deleting is an economy, not a result: what could not be deleted stays, and the run goes on.
                    progress?.Report(new RunProgress(kind, 0, 0, $"{input.Label}: could not delete its activation files ({ex.Message}); they are kept", Notice: true));
                    continue;
                }
                if (bytes > 0)
                    progress?.Report(new RunProgress(kind, 0, 0, $"{input.Label}: deleted its activation files ({DiskSpace.Format(bytes)}), every task reading them has finished", Notice: true));
            }
        }

        /// <summary>Files an intermediate artefact keeps when released: its result rows and descriptors (JSON).</summary>
        private static bool KeptOnRelease(string relativePath) => relativePath.EndsWith(".json", StringComparison.Ordinal);

        /// <summary>
        /// One kind's line of the summary, from the artefacts on disk (done markers, failure notes) and what this
        /// invocation did: status, wall time of the tasks it computed, computed/reused counts, and why tasks did not
        /// finish; a kind with one task shows that task's note.
        /// </summary>
        private StageTiming KindTiming(StudyTaskKind k, IReadOnlyDictionary<StudyTask, string> notes)
        {
            var tasks = plan.Tasks.Where(t => t.Kind == k).ToList();
            if (tasks.Count == 0) return new StageTiming(k.ToName(), StageStatus.Off, 0, 0, 0, "nothing in this study needs it");
            var notDone = tasks.Where(t => !_cache.IsDone(k.ToName(), t.Hash)).ToList();
            var failed = notDone.Where(t => File.Exists(_cache.PathFor(k.ToName(), t.Hash) + ".failed")).ToList();
            int computed = tasks.Count(t => _records.GetValueOrDefault(t) is { Computed: true, Status: StageStatus.Done });
            double seconds = tasks.Sum(t => _records.GetValueOrDefault(t)?.Seconds ?? 0);
            // Forced in this invocation and failed: the earlier result stays (the artefact is replaced only on success), but the stage failed.
            var kept = tasks.Where(t => !notDone.Contains(t) && _records.GetValueOrDefault(t) is { Status: StageStatus.Failed }).ToList();
            var status = failed.Count > 0 || kept.Count > 0 ? StageStatus.Failed : notDone.Count > 0 ? StageStatus.NotMeasured : StageStatus.Done;
            var repaired = tasks.Where(_repaired.ContainsKey).ToList();
            string note = notDone.Count == 0
                ? (tasks.Count == 1 && notes.GetValueOrDefault(tasks[0]) is { Length: > 0 } one ? one : $"{tasks.Count} task(s)")
                : $"{notDone.Count} of {tasks.Count} task(s) did not finish"
                  + (failed.Count > 0 ? $" ({failed.Count} failed: {string.Join("; ", failed.Take(3).Select(f => f.Label + ": " + FailedReason(f)))})" : "")
                  + (notDone.Count > failed.Count ? $"; not run: {string.Join("; ", notDone.Except(failed).Take(3).Select(t => t.Label + (_records.GetValueOrDefault(t) is { } r ? " (" + r.Note + ")" : "")))}" : "");
            if (kept.Count > 0)
                note += $"; {kept.Count} could not be recomputed and keep their earlier result ({string.Join("; ", kept.Take(3).Select(t => t.Label + ": " + _records[t].Note))})";
            if (repaired.Count > 0)
                note += $"; {repaired.Count} recomputed because damaged ({string.Join("; ", repaired.Take(3).Select(t => t.Label + ": " + _repaired[t]))})";
            return new StageTiming(k.ToName(), status, seconds, computed, tasks.Count - computed - notDone.Count, note);
        }

        /// <summary>
        /// The collect task: every finished task's rows into results.db, prune rows of other configs when the study is
        /// complete, the run summary, the report, manifest.json. Marked done only when every task had finished.
        /// </summary>
        private RunOutcome Collect(CollectTask collect, bool force)
        {
            string kind = collect.Kind.ToName();
            if (!force && _cache.IsDone(kind, collect.Hash))
                return new RunOutcome(runDir, [new StageTiming(kind, StageStatus.Done, 0, 0, 1, "already collected")], Path.Combine(runDir, "report.html"));
            var sw = Stopwatch.StartNew();
            progress?.Report(new RunProgress(kind, 0, collect.All.Count, "collecting result rows"));
            var done = collect.All.Where(t => _cache.IsDone(t.Kind.ToName(), t.Hash)).ToHashSet();
            var results = new Dictionary<StudyTask, TaskResults>();
            foreach (var t in collect.All.Where(done.Contains))
                results[t] = TaskResults.Read(_cache.PathFor(t.Kind.ToName(), t.Hash));

            var notes = results.ToDictionary(kv => kv.Key, kv => kv.Value.Note);
            var failedRows = collect.All.Where(t => !done.Contains(t)).Select(FailedRows).OfType<TaskResults>().ToList();
            var timings = StudyTaskKindNames.All.Where(k => k != StudyTaskKind.Collect).Select(k => KindTiming(k, notes)).ToList();

            var experiments = resolved.Experiments.Enumerate().Select(e =>
            {
                if (!e.On) return new ExperimentState(e.Id, StageStatus.Off, "");
                if (plan.Unplanned.FirstOrDefault(u => u.Experiment == e.Id) is { } u) return u;
                var tasks = plan.Experiments.GetValueOrDefault(e.Id) ?? [];
                var missing = tasks.Where(t => !done.Contains(t)).ToList();
                if (missing.Count > 0)
                    return new ExperimentState(e.Id, StageStatus.NotMeasured, $"{missing.Count} of {tasks.Count} of its tasks did not finish (first: {missing[0].Label})");
                return tasks.SelectMany(t => results[t].NotMeasured).FirstOrDefault(s => s.Experiment == e.Id) ?? new ExperimentState(e.Id, StageStatus.Done, "");
            }).ToList();

            bool complete = done.Count == collect.All.Count;
            string? prepared = plan.Tasks.OfType<PrepareTask>().FirstOrDefault(done.Contains) is { } prep ? PrepareTask.CachePath(_cache.PathFor(prep.Kind.ToName(), prep.Hash)) : null;
            using (var store = ResultsStore.Open(Path.Combine(runDir, ResultsStore.FileName)))
            {
                var all = collect.All.Where(results.ContainsKey).Select(t => results[t]).ToList();
                store.PutTrainingEpochs(all.SelectMany(r => r.Epochs));
                store.PutProbes(all.SelectMany(r => r.Probes));
                store.PutConfusions(all.SelectMany(r => r.Confusions));
                store.PutSimilarities(all.SelectMany(r => r.Similarities));
                store.PutExamples(all.SelectMany(r => r.Examples));
                store.PutTraces(all.SelectMany(r => r.Traces));
                foreach (var p in all.SelectMany(r => r.Projections)) store.PutProjections(p.ArtefactHash, [p.Projection]);
                store.PutMutualInformation(all.SelectMany(r => r.MutualInformation));
                if (complete) store.Prune(all.SelectMany(r => r.Hashes()).ToHashSet(StringComparer.Ordinal));
                store.PutRun(new RunSummary
                {
                    RunId = _configHash[..12], ConfigName = resolved.Name, Dataset = StudyNames.Dataset(resolved), Profile = StudyNames.Profile(resolved),
                    MainTask = resolved.Dataset.MainTask, RelatedTasks = resolved.Dataset.RelatedTasks, Architectures = resolved.Architectures, Seeds = resolved.Seeds,
                    StartedUtc = _started, DifferencesFromPaper = PaperSetup.Differences(resolved), Stages = timings, Experiments = experiments,
                    SimilarityMeasures = resolved.Similarity.Measures, Diverged = failedRows.SelectMany(r => r.Diverged).ToList(),
                    Dropped = prepared is not null ? Concord.Datasets.PreparedCache.DroppedItems(prepared) : [],
                    Costs = Costs(done),
                    Activations = Retention(done),
                });
            }
            progress?.Report(new RunProgress(kind, collect.All.Count, collect.All.Count, $"{done.Count} of {collect.All.Count} tasks collected"));

            string? report = null;
            if (runner.WriteReport is not null)
            {
                var rsw = Stopwatch.StartNew();
                progress?.Report(new RunProgress("report", 0, 1, "writing report.html"));
                int written = 0;
                report = runner.WriteReport(runDir, progress is null ? null
                    : new SyncProgress<string>(file => progress.Report(new RunProgress("report", ++written, 0, "wrote " + file))));
                timings.Add(new StageTiming("report", StageStatus.Done, rsw.Elapsed.TotalSeconds, 1, 0, ""));
            }
            WriteManifest(timings, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), done.Count);
            if (complete)
                _cache.GetOrCompute(kind, collect.Hash, d => AtomicFile.WriteAllText(Path.Combine(d, "collected.txt"), $"{done.Count} tasks\n"), force: true, out _);
            return new RunOutcome(runDir, timings, report);
        }

        /// <summary>The rows a failed task left about its failure (<see cref="TaskFailedException"/>), or null.</summary>
        private TaskResults? FailedRows(StudyTask t)
        {
            string marker = _cache.PathFor(t.Kind.ToName(), t.Hash) + ".failed";
            if (!File.Exists(marker) || !File.Exists(marker + FailedRowsSuffix)) return null;
            try { return TaskResults.ReadFile(marker + FailedRowsSuffix, _cache.PathFor(t.Kind.ToName(), t.Hash)); }
            catch (ConcordException) { return null; }
        }

        /// <summary>What the run kept of its finished activation artefacts, and what it deleted under <c>activations.keep</c>.</summary>
        private ActivationRetention Retention(IReadOnlySet<StudyTask> done)
        {
            var finished = plan.Tasks.Where(t => t.Intermediate && done.Contains(t)).ToList();
            var released = finished.Select(t => _cache.ReleasedFiles(t.Kind.ToName(), t.Hash)).ToList();
            long kept = finished.Select(t => new DirectoryInfo(_cache.PathFor(t.Kind.ToName(), t.Hash)))
                .Sum(d => d.Exists ? d.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0);
            return new ActivationRetention(JsonNamingPolicy.CamelCase.ConvertName(resolved.Activations.Keep.ToString()), finished.Count,
                released.Count(r => r.Count > 0), released.Sum(r => r.Sum(f => f.Size)), kept);
        }

        /// <summary>The recorded cost of each finished task, in plan order.</summary>
        private List<TaskCostRecord> Costs(IReadOnlySet<StudyTask> done)
        {
            var measured = TaskCost.ReadAll(runDir);
            return plan.Tasks.Where(t => done.Contains(t) && measured.ContainsKey(t.Id))
                .Select(t => (Task: t, Cost: measured[t.Id]))
                .Select(x => new TaskCostRecord(x.Task.Id, x.Cost.Kind, x.Task.Label, x.Cost.Seconds, x.Cost.CpuSeconds, x.Cost.PeakRssBytes,
                    x.Cost.BytesWritten, x.Cost.Threads, x.Cost.Concurrent)).ToList();
        }

        private string FailedReason(StudyTask t)
        {
            try { return File.ReadAllText(_cache.PathFor(t.Kind.ToName(), t.Hash) + ".failed").Trim(); }
            catch (IOException) { return "failed"; }
        }
    }

    private static Dictionary<string, string> Packages() =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetName())
            .Where(n => n.Name is "Concord.Core" or "Concord.Torch" or "Concord.Reporting" or "TorchSharp" or "ScottPlot" or "Microsoft.Data.Sqlite" or "Parquet")
            .GroupBy(n => n.Name!).ToDictionary(g => g.Key, g => g.First().Version?.ToString() ?? "?", StringComparer.Ordinal);
}
