namespace Concord.Probes;

/// <summary>Chance baselines computed from the training labels only.</summary>
public static class ChanceBaselines
{
    /// <summary>Always predict the most frequent training label.</summary>
    public static MajorityBaseline Majority(ReadOnlySpan<int> train, ReadOnlySpan<int> test)
    {
        if (train.Length == 0) throw new ArgumentException("no training labels", nameof(train));
        var counts = new SortedDictionary<int, int>();
        foreach (int v in train) counts[v] = counts.GetValueOrDefault(v) + 1;
        var best = counts.First();
        foreach (var kv in counts) if (kv.Value > best.Value) best = kv;
        int hits = 0;
        foreach (int v in test) if (v == best.Key) hits++;
        return new MajorityBaseline(best.Key, (double)best.Value / train.Length, test.Length == 0 ? double.NaN : (double)hits / test.Length);
    }

    /// <summary>RMSE on the test targets of always predicting the training mean (Tables 17/18's baseline).</summary>
    public static double MeanPredictorRmse(ReadOnlySpan<double> train, ReadOnlySpan<double> test)
    {
        if (train.Length == 0) throw new ArgumentException("no training targets", nameof(train));
        double mean = 0;
        foreach (double v in train) mean += v;
        mean /= train.Length;
        double s = 0;
        foreach (double v in test) s += (v - mean) * (v - mean);
        return Math.Sqrt(s / test.Length);
    }
}
