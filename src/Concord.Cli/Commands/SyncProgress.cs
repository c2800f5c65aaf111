namespace Concord.Cli.Commands;

/// <summary>An <see cref="IProgress{T}"/> that runs its handler synchronously on the reporting thread
/// (<see cref="Progress{T}"/> posts to the thread pool and may run after the command has finished).</summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
