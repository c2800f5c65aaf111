namespace Concord.Features;

/// <summary>A summary statistic of one row of a Ricker CWT. All are population statistics (numpy/scipy defaults).</summary>
public enum WaveletStatistic
{
    /// <summary>Arithmetic mean (np.mean).</summary>
    Mean,
    /// <summary>Median (np.median: mean of the two middle values for even n).</summary>
    Median,
    /// <summary>Population standard deviation, ddof = 0 (np.std).</summary>
    Std,
    /// <summary>Population variance, ddof = 0 (np.var).</summary>
    Var,
    /// <summary>Fisher kurtosis with biased moments, m4/m2² − 3 (scipy.stats.kurtosis defaults); 0 for constant rows.</summary>
    Kurtosis,
    /// <summary>25th percentile with linear interpolation (np.quantile default, Hyndman–Fan type 7).</summary>
    Q25,
    /// <summary>75th percentile with linear interpolation (np.quantile default, Hyndman–Fan type 7).</summary>
    Q75,
}
