using System.Runtime.ExceptionServices;

namespace Concord.Datasets;

/// <summary><see cref="Parallel.ForEach{TSource}(IEnumerable{TSource}, ParallelOptions, Action{TSource})"/> that rethrows a worker's
/// <see cref="ConcordException"/> (or its first exception) unwrapped, so bad input still surfaces as one user-facing error.</summary>
internal static class ParallelWork
{
    public static void ForEach<T>(IEnumerable<T> items, int maxDegreeOfParallelism, CancellationToken cancellationToken, Action<T> body)
    {
        try
        {
            Parallel.ForEach(items, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken }, body);
        }
        catch (AggregateException ex)
        {
            var inner = ex.Flatten().InnerExceptions;
            ExceptionDispatchInfo.Capture(inner.FirstOrDefault(e => e is ConcordException) ?? inner[0]).Throw();
            throw;
        }
    }
}
