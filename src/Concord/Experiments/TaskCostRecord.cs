namespace Concord.Experiments;

/// <summary>
/// What one task of a run cost when it was computed: wall and CPU seconds, peak resident memory (only when the task ran
/// alone in its process, else null) and bytes written into its artefact folder.
/// </summary>
/// <param name="Task">Task id (<c>kind-hash</c>).</param>
/// <param name="Kind">Task kind (prepare, train, probes, …).</param>
/// <param name="Label">What the task does, in words.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="CpuSeconds">Process CPU time during the task, when it ran alone; else null.</param>
/// <param name="PeakRssBytes">Peak resident set during the task, when it ran alone; else null.</param>
/// <param name="BytesWritten">Size of the task's artefact folder.</param>
/// <param name="Threads">Threads the task was given.</param>
/// <param name="Concurrent">True when other tasks ran in the same process at the same time.</param>
public sealed record TaskCostRecord(string Task, string Kind, string Label, double Seconds, double? CpuSeconds, long? PeakRssBytes,
    long BytesWritten, int Threads, bool Concurrent);
