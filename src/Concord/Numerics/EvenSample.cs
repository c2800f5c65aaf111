namespace Concord.Numerics;

/// <summary>
/// A deterministic, evenly spread subset of positions [0, count): all of them when count ≤ max, else position
/// ⌊i·count / max⌋ for i &lt; max (increasing, no repeats). Used to bound the rows an exploration step works on
/// while still covering the whole (possibly class-sorted) split.
/// </summary>
public static class EvenSample
{
    /// <summary>The chosen positions, increasing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">count is negative or max is not positive.</exception>
    public static int[] Positions(int count, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (count <= max) return Enumerable.Range(0, count).ToArray();
        var p = new int[max];
        for (int i = 0; i < max; i++) p[i] = (int)((long)i * count / max);
        return p;
    }

    /// <summary>The elements of <paramref name="items"/> at <see cref="Positions"/>.</summary>
    public static T[] Of<T>(IReadOnlyList<T> items, int max)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Positions(items.Count, max).Select(i => items[i]).ToArray();
    }
}
