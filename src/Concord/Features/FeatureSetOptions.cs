namespace Concord.Features;

/// <summary>
/// Which wavelet widths, statistics and composites the <see cref="FeatureRegistry"/> offers. The defaults give exactly the
/// names of issue 3 / METHOD.md §4: <c>wavelet_mean_w{1,5,10,25}</c>, <c>wavelet_{median,std,var,kurtosis,q25,q75}_w25</c>,
/// <c>wavelet_time_{stat}_w{1,5,10,25}</c> for all seven statistics, <c>wavelet_combined</c> and <c>top_combined</c>.
/// </summary>
public sealed record FeatureSetOptions
{
    /// <summary>The six non-mean statistics, in the paper's <c>addwavelets</c> order.</summary>
    public static readonly IReadOnlyList<WaveletStatistic> SixStatistics =
        [WaveletStatistic.Median, WaveletStatistic.Std, WaveletStatistic.Var, WaveletStatistic.Kurtosis, WaveletStatistic.Q25, WaveletStatistic.Q75];

    /// <summary>Widths of the per-mel-bin mean features <c>wavelet_mean_w{a}</c>.</summary>
    public IReadOnlyList<int> MeanWidths { get; init; } = [1, 5, 10, 25];

    /// <summary>Widths at which the other per-mel-bin statistics are offered (<c>wavelet_{stat}_w{a}</c>).</summary>
    public IReadOnlyList<int> StatisticWidths { get; init; } = [25];

    /// <summary>The other per-mel-bin statistics.</summary>
    public IReadOnlyList<WaveletStatistic> Statistics { get; init; } = SixStatistics;

    /// <summary>Widths of the time-axis variant <c>wavelet_time_{stat}_w{a}</c> (CWT along the mel axis per frame).</summary>
    public IReadOnlyList<int> PerFrameWidths { get; init; } = [1, 5, 10, 25];

    /// <summary>Statistics of the time-axis variant.</summary>
    public IReadOnlyList<WaveletStatistic> PerFrameStatistics { get; init; } =
        [WaveletStatistic.Mean, .. SixStatistics];

    /// <summary>Composite features, registered after every simple feature (their parts must exist).</summary>
    public IReadOnlyList<CompositeSpec> Composites { get; init; } =
    [
        new("wavelet_combined", "the six non-mean width-25 wavelet statistics concatenated (median, std, var, kurtosis, q25, q75); 768-d at 128 mels",
            [.. SixStatistics.Select(s => $"wavelet_{StatisticName(s)}_w25")]),
        new("top_combined", "mean_power + time_to_70db + wavelet_mean_w25 + the six width-25 statistics; 1152-d at 128×128",
            ["mean_power", "time_to_70db", "wavelet_mean_w25", .. SixStatistics.Select(s => $"wavelet_{StatisticName(s)}_w25")]),
    ];

    /// <summary>The <c>paper</c> set: every feature computed in the authors' repository for NSynth (METHOD.md §4.1–4.4);
    /// the time-axis variant and the 2-D DWT (§4.5, derived from the text) are not in it.</summary>
    public IReadOnlyList<string> PaperSet { get; init; } =
    [
        "rms", "spectral_centroid", "spectral_bandwidth", "spectral_flatness", "spectral_rolloff",
        "median_power", "mean_power", "time_to_80db", "time_to_75db", "time_to_70db",
        "wavelet_mean_w1", "wavelet_mean_w5", "wavelet_mean_w10", "wavelet_mean_w25",
        .. SixStatistics.Select(s => $"wavelet_{StatisticName(s)}_w25"),
        "wavelet_combined", "top_combined",
    ];

    /// <summary>The lower-case name of a statistic used in feature names (mean, median, std, var, kurtosis, q25, q75).</summary>
    public static string StatisticName(WaveletStatistic s) => s switch
    {
        WaveletStatistic.Mean => "mean",
        WaveletStatistic.Median => "median",
        WaveletStatistic.Std => "std",
        WaveletStatistic.Var => "var",
        WaveletStatistic.Kurtosis => "kurtosis",
        WaveletStatistic.Q25 => "q25",
        WaveletStatistic.Q75 => "q75",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>Every configuration error, one line each, naming the option; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var (name, widths) in new[] { ("MeanWidths", MeanWidths), ("StatisticWidths", StatisticWidths), ("PerFrameWidths", PerFrameWidths) })
            foreach (int w in widths)
                if (w <= 0) yield return $"FeatureSet.{name}: width must be > 0 (got {w})";
        foreach (var s in Statistics.Concat(PerFrameStatistics))
            if (!Enum.IsDefined(s)) yield return $"FeatureSet: unknown statistic ({(int)s})";
        if (Statistics.Contains(WaveletStatistic.Mean))
            yield return "FeatureSet.Statistics: the mean is offered through MeanWidths (wavelet_mean_w{a})";
        foreach (var c in Composites)
            if (c.Parts.Count == 0) yield return $"FeatureSet.Composites: '{c.Name}' has no parts";
    }
}
