namespace Concord.Probes;

/// <summary>Conversion of numeric target vectors to class labels.</summary>
public static class ProbeLabels
{
    /// <summary>Casts integral values to int; a fractional or out-of-range value is an error naming its row.</summary>
    public static int[] FromTargets(ReadOnlySpan<double> values, string what)
    {
        var y = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v) || v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
                throw new ConcordException($"{what}: label {v} at row {i} is not an integer class label");
            y[i] = (int)v;
        }
        return y;
    }
}
