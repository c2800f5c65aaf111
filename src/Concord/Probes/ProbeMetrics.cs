namespace Concord.Probes;

/// <summary>Decoding metrics, matching sklearn.metrics (accuracy_score, confusion_matrix, f1_score(average='macro'),
/// mean_squared_error → RMSE, r2_score).</summary>
public static class ProbeMetrics
{
    /// <summary>Fraction of positions where <paramref name="predicted"/> equals <paramref name="truth"/>.</summary>
    public static double Accuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        Check(truth.Length, predicted.Length);
        int ok = 0;
        for (int i = 0; i < truth.Length; i++) if (truth[i] == predicted[i]) ok++;
        return (double)ok / truth.Length;
    }

    public static ConfusionMatrix Confusion(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        Check(truth.Length, predicted.Length);
        var labels = new SortedSet<int>();
        foreach (int v in truth) labels.Add(v);
        foreach (int v in predicted) labels.Add(v);
        int[] l = [.. labels];
        var counts = new int[l.Length][];
        for (int i = 0; i < l.Length; i++) counts[i] = new int[l.Length];
        for (int i = 0; i < truth.Length; i++) counts[Array.BinarySearch(l, truth[i])][Array.BinarySearch(l, predicted[i])]++;
        return new ConfusionMatrix(l, counts);
    }

    /// <summary>
    /// Unweighted mean over the labels in truth ∪ predicted of F1 = 2·TP / (2·TP + FP + FN); a label with
    /// TP + FP + FN = 0 cannot occur in that set, and 0/0 precision or recall counts as 0 (sklearn's zero_division).
    /// </summary>
    public static double MacroF1(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        var cm = Confusion(truth, predicted);
        int k = cm.Labels.Count;
        double sum = 0;
        for (int c = 0; c < k; c++)
        {
            int tp = cm.Counts[c][c];
            int fn = cm.Counts[c].Sum() - tp;
            int fp = 0;
            for (int r = 0; r < k; r++) if (r != c) fp += cm.Counts[r][c];
            sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return sum / k;
    }

    /// <summary>√(mean (y − ŷ)²), in the target's units.</summary>
    public static double Rmse(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        Check(truth.Length, predicted.Length);
        double s = 0;
        for (int i = 0; i < truth.Length; i++) { double e = truth[i] - predicted[i]; s += e * e; }
        return Math.Sqrt(s / truth.Length);
    }

    /// <summary>R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²; for constant y: 1 if the fit is perfect, else 0 (sklearn's force_finite).</summary>
    public static double R2(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        Check(truth.Length, predicted.Length);
        double mean = 0;
        foreach (double v in truth) mean += v;
        mean /= truth.Length;
        double res = 0, tot = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            res += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
            tot += (truth[i] - mean) * (truth[i] - mean);
        }
        if (tot == 0) return res == 0 ? 1.0 : 0.0;
        return 1 - res / tot;
    }

    private static void Check(int a, int b)
    {
        if (a != b) throw new ArgumentException($"{a} true values but {b} predictions");
        if (a == 0) throw new ArgumentException("no examples");
    }
}
