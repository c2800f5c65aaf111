namespace Concord.Numerics;

/// <summary>
/// Deterministic static partition of rows [0, n) into contiguous ranges, one per worker, run in parallel.
/// Callers reduce per-worker partial results in worker order, so a fixed worker count gives bit-identical output.
/// </summary>
public static class RowPartition
{
    /// <summary>Runs <paramref name="body"/>(worker, start, end) for <paramref name="workers"/> contiguous ranges.</summary>
    public static void For(int n, int workers, Action<int, int, int> body)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        workers = Math.Max(1, Math.Min(workers, n));
        if (workers == 1) { body(0, 0, n); return; }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int start = (int)((long)n * w / workers), end = (int)((long)n * (w + 1) / workers);
            body(w, start, end);
        });
    }

    /// <summary>The number of workers <see cref="For"/> actually uses for <paramref name="n"/> rows.</summary>
    public static int Effective(int n, int workers) => Math.Max(1, Math.Min(workers, n));
}
