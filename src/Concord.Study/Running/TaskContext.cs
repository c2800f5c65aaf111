using Concord.Experiments;
using Concord.Study.Config;

namespace Concord.Study.Running;

/// <summary>
/// What a running task gets: the resolved config, the folder it writes, and its declared inputs' folders. It has no
/// access to the results store or to any other task's output.
/// </summary>
public sealed class TaskContext : IDisposable
{
    private readonly ArtefactCache _cache;
    private readonly IProgress<RunProgress>? _progress;
    private readonly MemoryGate? _memory;
    private readonly CancellationToken _cancellation;
    private readonly List<IDisposable> _leases = [];
    private long _reserved;

    internal TaskContext(StudyTask task, ExperimentConfig config, string configDirectory, string folder, ArtefactCache cache, IProgress<RunProgress>? progress,
        MemoryGate? memory = null, CancellationToken cancellation = default)
    {
        _memory = memory;
        _cancellation = cancellation;
        Task = task;
        Config = config;
        ConfigDirectory = configDirectory;
        Folder = folder;
        _cache = cache;
        _progress = progress;
    }

    /// <summary>The task being run.</summary>
    public StudyTask Task { get; }
    /// <summary>The resolved config (overrides applied).</summary>
    public ExperimentConfig Config { get; }
    /// <summary>Folder the config file was in (relative dataset paths resolve against it).</summary>
    public string ConfigDirectory { get; }
    /// <summary>The folder this task writes (temporary until the task completes, unless the task is resumable).</summary>
    public string Folder { get; }
    /// <summary>Numeric threads of the task: the config's <c>threads</c> (part of every hash), else the core count.</summary>
    public int Threads => Config.Threads ?? Environment.ProcessorCount;

    /// <summary>
    /// The finished folder of a declared input, checked against its integrity manifest first (sizes, and hashes of
    /// models, features and small files; every hash with <c>--verify</c>): a damaged input is refused naming the file.
    /// Reading anything else is a bug in the task's declaration.
    /// </summary>
    public string Input(StudyTask input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Task.Inputs.Contains(input))
            throw new InvalidOperationException($"task {Task.Id} reads {input.Id}, which is not among its declared inputs");
        if (!_cache.IsDone(input.Kind.ToName(), input.Hash))
            throw new ConcordException($"task {Task.Id}: its input {input.Id} ({input.Label}) has not finished");
        return _cache.RequireIntact(input.Kind.ToName(), input.Hash);   // checked against its manifest before anything reads it (a model before it is loaded)
    }

    /// <summary>Resolves a path from the config against the config's folder.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(ConfigDirectory, path));

    /// <summary>
    /// Refuses the task, before it allocates, when <paramref name="need"/> exceeds the config's memory budget
    /// (<c>memoryGb</c>): the message names the task, the shapes (<paramref name="shapes"/>), each part of the estimate and
    /// what to change. Otherwise, when tasks run at once, holds that much of the budget until the task ends, waiting
    /// first for running tasks to release enough of it (<see cref="MemoryGate"/>).
    /// </summary>
    public void RequireMemory(MemoryEstimate need, string shapes)
    {
        ArgumentNullException.ThrowIfNull(need);
        if (need.Bytes <= Config.MemoryBytes)
        {
            long extra = need.Bytes - _reserved;
            if (_memory is not null && extra > 0)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                _leases.Add(_memory.Acquire(extra, _cancellation));
                MemoryWait += System.Diagnostics.Stopwatch.GetElapsedTime(start);
                _reserved += extra;
            }
            return;
        }
        throw new ConcordException($"{Task.Label}: needs about {need} for {shapes}, more than the memory budget of "
            + $"{MemoryEstimate.Format(Config.MemoryBytes)} (memoryGb); not run. Raise memoryGb if this machine has the memory, "
            + "or make the representation smaller (a pooled or channel-averaged tap, fewer examples with dataset.limit)");
    }

    /// <summary>Time this task spent waiting for running tasks to release enough of the memory budget: not part of its
    /// cost (<see cref="TaskCost.WaitedSeconds"/>).</summary>
    public TimeSpan MemoryWait { get; private set; }

    /// <summary>
    /// Frees what the previous unit of a loop left behind (a blocking, compacting collection), so that a task comparing
    /// one representation with many holds one pair's working set at a time instead of letting every pair's arrays pile
    /// up until the collector next runs (a 23,040-column similarity task reached 4.2 GB alone that way).
    /// </summary>
    public void ReleaseTransients() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

    /// <summary>Gives back the memory this task held.</summary>
    public void Dispose()
    {
        foreach (var lease in _leases) lease.Dispose();
        _leases.Clear();
        _reserved = 0;
    }

    /// <summary>Reports progress of this task.</summary>
    public void Report(int done, int total, string message) =>
        _progress?.Report(new RunProgress(Task.Kind.ToName(), 0, 0, total > 0 ? $"{Task.Label}: {message} {done}/{total}" : $"{Task.Label}: {message}"));
}
