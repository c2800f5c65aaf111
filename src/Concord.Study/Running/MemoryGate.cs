namespace Concord.Study.Running;

/// <summary>
/// The run's memory budget (<c>memoryGb</c>) shared by the tasks that run at once in one process (<c>--jobs</c>): a
/// task that has estimated its working set (<see cref="TaskContext.RequireMemory"/>) holds that many bytes of the
/// budget until it ends, and a task whose estimate does not fit beside the ones running waits for them. Only the order
/// in which tasks start changes, never what they compute.
/// </summary>
public sealed class MemoryGate(long budget)
{
    private readonly object _lock = new();
    private long _held;

    /// <summary>The budget in bytes.</summary>
    public long Budget { get; } = budget;

    /// <summary>Bytes held by running tasks.</summary>
    public long Held { get { lock (_lock) return _held; } }

    /// <summary>Waits until <paramref name="bytes"/> (at most the budget) fit beside what is held, then holds them until
    /// the returned lease is disposed.</summary>
    public IDisposable Acquire(long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes > Budget) throw new ArgumentOutOfRangeException(nameof(bytes), $"{bytes} bytes exceed the budget of {Budget}");
        lock (_lock)
        {
            while (_held > 0 && _held + bytes > Budget)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(_lock, 200);
            }
            _held += bytes;
        }
        return new Lease(this, bytes);
    }

    private void Release(long bytes)
    {
        lock (_lock)
        {
            _held -= bytes;
            Monitor.PulseAll(_lock);
        }
    }

    private sealed class Lease(MemoryGate gate, long bytes) : IDisposable
    {
        private int _disposed;
        public void Dispose() { if (Interlocked.Exchange(ref _disposed, 1) == 0) gate.Release(bytes); }
    }
}
