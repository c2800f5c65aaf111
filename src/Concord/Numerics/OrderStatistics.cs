using System.Numerics;
using System.Runtime.CompilerServices;

namespace Concord.Numerics;

/// <summary>
/// The k-th smallest value of a span without sorting it (Hoare's selection, expected O(n)), with the values a full sort
/// would put at that index: a median or quantile needs one or two order statistics, and sorting every row of a feature
/// for them cost more than the rest of the statistic.
/// </summary>
public static class OrderStatistics
{
    /// <summary>Ranges at most this long are finished by insertion sort.</summary>
    private const int SmallRange = 16;

    /// <summary>
    /// Reorders <paramref name="values"/> so that index <paramref name="k"/> holds the value an ascending sort would put
    /// there and every value before it is ≤ it, and returns that value. The values must contain no NaN (a sort orders
    /// NaN first; callers that can meet NaN sort instead).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Select<T>(Span<T> values, int k) where T : INumber<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        int lo = 0, hi = values.Length - 1;
        while (hi - lo >= SmallRange)
        {
            int mid = lo + (hi - lo) / 2;
            // median of three as the pivot; it also leaves sentinels at both ends of the range
            if (values[mid] < values[lo]) Swap(values, mid, lo);
            if (values[hi] < values[lo]) Swap(values, hi, lo);
            if (values[hi] < values[mid]) Swap(values, hi, mid);
            T pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j) { Swap(values, i, j); i++; j--; }
            }
            // [lo, j] ≤ pivot ≤ [i, hi]; indices strictly between j and i equal the pivot
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return values[k];
        }
        for (int a = lo + 1; a <= hi; a++)
        {
            T v = values[a];
            int b = a - 1;
            while (b >= lo && values[b] > v) { values[b + 1] = values[b]; b--; }
            values[b + 1] = v;
        }
        return values[k];
    }

    /// <summary>
    /// The two adjacent order statistics (k − 1, k) of <paramref name="values"/> (reordered as by <see cref="Select{T}"/>
    /// for k): what a median of an even count or an interpolated quantile reads from the sorted values.
    /// </summary>
    public static (T Below, T At) SelectPair<T>(Span<T> values, int k) where T : INumber<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        T at = Select(values, k);
        T below = values[0];
        for (int i = 1; i < k; i++) if (values[i] > below) below = values[i];
        return (below, at);
    }

    /// <summary>True when <paramref name="values"/> contains a NaN (selection needs a total order).</summary>
    public static bool HasNaN<T>(ReadOnlySpan<T> values) where T : INumberBase<T>
    {
        foreach (T v in values) if (T.IsNaN(v)) return true;
        return false;
    }

    private static void Swap<T>(Span<T> values, int a, int b) => (values[a], values[b]) = (values[b], values[a]);
}
