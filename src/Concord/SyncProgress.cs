namespace Concord;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its handler synchronously on the reporting thread. <see cref="Progress{T}"/>
/// posts each report to the thread pool, so reports can arrive out of order or after the work has finished; with this
/// one a report is handled before the reporting code goes on (the handler must be thread-safe when the work is parallel).
/// </summary>
public sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => handler(value);
}
