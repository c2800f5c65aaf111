using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Concord.IO;
using Concord.Study.Config;

namespace Concord.Study.Running;

/// <summary>
/// What one execution of a task cost, written to <c>RUN/costs/&lt;task id&gt;.json</c>: wall time, and, when the task
/// ran alone in its process, CPU time and peak resident memory (both are process-wide counters, meaningless while
/// other tasks run beside it), plus the bytes it wrote. <c>concord plan</c> calibrates its estimates from these.
/// <see cref="Seconds"/> excludes <see cref="WaitedSeconds"/>, the time the task waited for running tasks to release
/// enough of the shared memory budget (<see cref="MemoryGate"/>), which measures the schedule, not the task.
/// </summary>
public sealed record TaskCost(string Task, string Kind, double Seconds, double? CpuSeconds, long? PeakRssBytes, long BytesWritten, int Threads, bool Concurrent,
    double WaitedSeconds = 0)
{
    /// <summary>Folder under the run folder.</summary>
    public const string Folder = "costs";

    /// <summary>Writes the record.</summary>
    public void Write(string runDir)
    {
        string dir = Path.Combine(runDir, Folder);
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, Task + ".json"), JsonSerializer.Serialize(this, ExperimentConfigLoader.Options));
    }

    /// <summary>Every cost record of a run folder, by task id (unreadable ones are skipped: they are measurements, not results).</summary>
    public static IReadOnlyDictionary<string, TaskCost> ReadAll(string runDir)
    {
        var d = new Dictionary<string, TaskCost>(StringComparer.Ordinal);
        string dir = Path.Combine(runDir, Folder);
        if (!Directory.Exists(dir)) return d;
        foreach (string f in Directory.EnumerateFiles(dir, "*.json"))
        {
            try { if (JsonSerializer.Deserialize<TaskCost>(File.ReadAllText(f), ExperimentConfigLoader.Options) is { } c) d[c.Task] = c; }
            catch (JsonException) { }
            catch (IOException) { }
        }
        return d;
    }

    /// <summary>Total size of the files under a folder.</summary>
    public static long FolderBytes(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
}

/// <summary>
/// Measures one task: wall time always; CPU time and peak RSS only while no other task shares the process. Peak RSS is
/// the kernel's high-water mark (<c>VmHWM</c>), reset at the start by writing 5 to <c>/proc/self/clear_refs</c>
/// (Linux); elsewhere it is not recorded.
/// </summary>
internal sealed class TaskMeter
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpu;
    private readonly bool _alone;
    private readonly bool _hwmReset;

    public TaskMeter(bool alone)
    {
        _alone = alone;
        _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        if (alone)
        {
            try { File.WriteAllText("/proc/self/clear_refs", "5"); _hwmReset = true; }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    public TaskCost Stop(StudyTask task, string folder, int threads, bool stillAlone, TimeSpan waited)
    {
        bool alone = _alone && stillAlone;
        double? cpu = alone ? (Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalSeconds : null;
        long? rss = alone && _hwmReset ? PeakRss() : null;
        return new TaskCost(task.Id, task.Kind.ToName(), (_wall.Elapsed - waited).TotalSeconds, cpu, rss, TaskCost.FolderBytes(folder), threads, !alone,
            waited.TotalSeconds);
    }

    private static long? PeakRss()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return null;
    }
}
