using System.Runtime.CompilerServices;
using Concord.Numerics;

namespace Concord.Features;

/// <summary>
/// Summary statistics of one row of values, in float64 with numpy/scipy semantics: mean; median; population std and var
/// (ddof = 0); Fisher kurtosis with biased moments m4/m2² − 3 (<c>scipy.stats.kurtosis</c> defaults); quantiles with
/// linear interpolation (np.quantile default, type 7): v[⌊h⌋] + (h − ⌊h⌋)(v[⌊h⌋+1] − v[⌊h⌋]), h = (n − 1)q.
/// Where scipy returns NaN for the kurtosis of a (numerically) constant row — m2 ≤ (10⁻¹⁵·mean)² — the caller's
/// documented value is returned instead.
/// </summary>
public static class RowStatistics
{
    /// <summary>Computes <paramref name="statistic"/> of <paramref name="row"/>. <paramref name="sortedScratch"/> (length n) is
    /// used for order statistics (allocated when shorter than the row); pass the row already sorted with <paramref name="isSorted"/> to skip sorting.</summary>
    public static double Compute(ReadOnlySpan<double> row, WaveletStatistic statistic, double kurtosisOfConstant,
        Span<double> sortedScratch, bool isSorted = false)
    {
        int n = row.Length;
        if (n == 0) throw new ArgumentException("statistics of an empty row are undefined", nameof(row));
        switch (statistic)
        {
            case WaveletStatistic.Mean: return Mean(row);
            case WaveletStatistic.Var: return CentralMoment(row, Mean(row), 2);
            case WaveletStatistic.Std: return Math.Sqrt(CentralMoment(row, Mean(row), 2));
            case WaveletStatistic.Kurtosis:
            {
                double mean = Mean(row);
                double m2 = CentralMoment(row, mean, 2);
                double m4 = CentralMoment(row, mean, 4);
                double limit = 1e-15 * mean;
                if (m2 <= limit * limit) return kurtosisOfConstant;
                return m4 / (m2 * m2) - 3.0;
            }
            case WaveletStatistic.Median: return OrderQuantile(row, 0.5, sortedScratch, isSorted);
            case WaveletStatistic.Q25: return OrderQuantile(row, 0.25, sortedScratch, isSorted);
            case WaveletStatistic.Q75: return OrderQuantile(row, 0.75, sortedScratch, isSorted);
            default: throw new ArgumentOutOfRangeException(nameof(statistic));
        }
    }

    /// <summary>Arithmetic mean.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Mean(ReadOnlySpan<double> row)
    {
        double s = 0;
        foreach (double v in row) s += v;
        return s / row.Length;
    }

    /// <summary>Biased central moment mean((x − mean)^k) for k = 2 or 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double CentralMoment(ReadOnlySpan<double> row, double mean, int order)
    {
        double s = 0;
        if (order == 2) foreach (double v in row) { double d = v - mean; s += d * d; }
        else if (order == 4) foreach (double v in row) { double d = v - mean; double d2 = d * d; s += d2 * d2; }
        else throw new ArgumentOutOfRangeException(nameof(order));
        return s / row.Length;
    }

    /// <summary>Linear-interpolation quantile of ascending <paramref name="sorted"/> (np.quantile 'linear').</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        int n = sorted.Length;
        var (lo, frac) = QuantilePosition(n, q);
        return lo >= n - 1 ? sorted[n - 1] : Interpolate(sorted[lo], sorted[lo + 1], frac);
    }

    /// <summary>The quantile of an unsorted row: the one or two order statistics it reads are selected in a copy
    /// (<see cref="OrderStatistics"/>), with the values a sort would give; a row with NaN is sorted instead.</summary>
    private static double OrderQuantile(ReadOnlySpan<double> row, double q, Span<double> scratch, bool isSorted)
    {
        if (isSorted || OrderStatistics.HasNaN(row)) return Quantile(Sorted(row, scratch, isSorted), q);
        int n = row.Length;
        var copy = scratch.Length >= n ? scratch[..n] : new double[n];
        row.CopyTo(copy);
        var (lo, frac) = QuantilePosition(n, q);
        if (lo >= n - 1) return OrderStatistics.Select(copy, n - 1);
        var (a, b) = OrderStatistics.SelectPair(copy, lo + 1);
        return Interpolate(a, b, frac);
    }

    /// <summary>h = (n − 1)q split into ⌊h⌋ and its fraction.</summary>
    private static (int Lo, double Frac) QuantilePosition(int n, double q)
    {
        double h = (n - 1) * q;
        int lo = (int)Math.Floor(h);
        return (lo, h - lo);
    }

    /// <summary>numpy's linear interpolation between adjacent sorted values a ≤ b, from the nearer end.</summary>
    private static double Interpolate(double a, double b, double frac)
    {
        double diff = b - a;
        return frac >= 0.5 ? b - diff * (1 - frac) : a + diff * frac;
    }

    private static ReadOnlySpan<double> Sorted(ReadOnlySpan<double> row, Span<double> scratch, bool isSorted)
    {
        if (isSorted) return row;
        var s = scratch.Length >= row.Length ? scratch[..row.Length] : new double[row.Length];
        row.CopyTo(s);
        s.Sort();
        return s;
    }
}
