namespace Concord.Features;

/// <summary>
/// The named hand-crafted features (issue 3's table): name → typed <see cref="FeatureDefinition"/>, with the
/// <c>paper</c> and <c>all</c> sets. Immutable once built.
/// </summary>
public sealed class FeatureRegistry
{
    private readonly Dictionary<string, FeatureDefinition> _byName = new(StringComparer.Ordinal);
    private readonly List<FeatureDefinition> _all = [];

    /// <summary>The registry with the default <see cref="FeatureSetOptions"/>.</summary>
    public static FeatureRegistry Default { get; } = new(new FeatureSetOptions());

    /// <summary>Every registered feature, in registration order.</summary>
    public IReadOnlyList<FeatureDefinition> All => _all;

    /// <summary>The <c>paper</c> set (<see cref="FeatureSetOptions.PaperSet"/>).</summary>
    public IReadOnlyList<FeatureDefinition> PaperSet { get; }

    /// <summary>Builds the registry; throws <see cref="ConcordException"/> for invalid options or composites naming unknown parts.</summary>
    public FeatureRegistry(FeatureSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException("invalid feature set: " + string.Join("; ", errors));

        Add(new FrameFeature("rms", "root mean square of each raw frame: sqrt(mean_n y[t·hop+n]²), frame 2048, hop 502, centred (librosa feature.rms)", FrameFeatureKind.Rms));
        Add(new FrameFeature("spectral_centroid", "Σ_k f_k·S[k,t] / Σ_k S[k,t], S = |STFT| (librosa spectral_centroid)", FrameFeatureKind.SpectralCentroid));
        Add(new FrameFeature("spectral_bandwidth", "(Σ_k Ŝ[k,t]·(f_k − centroid_t)²)^½, Ŝ = S/Σ_k S (librosa spectral_bandwidth, p = 2)", FrameFeatureKind.SpectralBandwidth));
        Add(new FrameFeature("spectral_flatness", "exp(mean_k ln P̃)/mean_k P̃, P̃ = max(1e-10, |X|²) (librosa spectral_flatness)", FrameFeatureKind.SpectralFlatness));
        Add(new FrameFeature("spectral_rolloff", "smallest f_k with Σ_{j≤k} S[j,t] ≥ 0.85·Σ_j S[j,t] (librosa spectral_rolloff)", FrameFeatureKind.SpectralRolloff));
        Add(new FrameFeature("median_power", "median over mel bins of the dB spectrogram, per frame", FrameFeatureKind.MedianPower));
        Add(new FrameFeature("mean_power", "mean over mel bins of the dB spectrogram, per frame", FrameFeatureKind.MeanPower));
        foreach (int db in new[] { 80, 75, 70 })
            Add(new TimeToDecibelsFeature($"time_to_{db}db",
                $"per mel bin, the first frame index with SdB ≤ −{db} dB (never reached: frame count, or 128 in the paper profile)", -db));
        foreach (int w in options.MeanWidths)
            Add(new WaveletFeature($"wavelet_mean_w{w}", $"per mel bin, mean over time of the Ricker CWT (width {w}) of the bin's dB row",
                WaveletLayout.PerMelBin, w, WaveletStatistic.Mean));
        foreach (int w in options.StatisticWidths)
            foreach (var s in options.Statistics)
                Add(new WaveletFeature($"wavelet_{FeatureSetOptions.StatisticName(s)}_w{w}",
                    $"per mel bin, {Describe(s)} over time of the Ricker CWT (width {w}) of the bin's dB row", WaveletLayout.PerMelBin, w, s));
        foreach (int w in options.PerFrameWidths)
            foreach (var s in options.PerFrameStatistics)
                Add(new WaveletFeature($"wavelet_time_{FeatureSetOptions.StatisticName(s)}_w{w}",
                    $"per frame, {Describe(s)} over frequency of the Ricker CWT (width {w}) along the mel axis", WaveletLayout.PerFrame, w, s));
        foreach (var (wav, tag, pywt) in new[] { (DwtWavelet.Db10, "db10", "db10"), (DwtWavelet.Bior13, "bior13", "bior1.3") })
        {
            Add(new Dwt2Feature($"dwt2_{tag}_h", $"cH of pywt.dwt2(SdB, '{pywt}', mode='symmetric') (detail along mel, approximation along time), flattened", wav, DwtDetail.Horizontal));
            Add(new Dwt2Feature($"dwt2_{tag}_v", $"cV of pywt.dwt2(SdB, '{pywt}', mode='symmetric') (approximation along mel, detail along time), flattened", wav, DwtDetail.Vertical));
        }
        foreach (var c in options.Composites)
        {
            var parts = c.Parts.Select(p => _byName.TryGetValue(p, out var d) ? d
                : throw new ConcordException($"composite feature '{c.Name}': unknown part '{p}'; valid names: {string.Join(", ", _all.Select(f => f.Name))}")).ToList();
            Add(new CompositeFeature(c.Name, c.Description, parts));
        }
        PaperSet = options.PaperSet.Select(n => _byName.TryGetValue(n, out var d) ? d
            : throw new ConcordException($"feature set: the paper set names unknown feature '{n}'")).ToList();
    }

    /// <summary>The feature called <paramref name="name"/>; a <see cref="ConcordException"/> listing every valid name otherwise.</summary>
    public FeatureDefinition Get(string name) =>
        _byName.TryGetValue(name.Trim(), out var d) ? d
            : throw new ConcordException($"unknown feature '{name.Trim()}'; valid names: {string.Join(", ", _all.Select(f => f.Name))} (or the sets 'paper', 'all')");

    /// <summary>Resolves <c>paper</c>, <c>all</c> or a comma-separated list of names (duplicates removed, order kept).</summary>
    public IReadOnlyList<FeatureDefinition> Resolve(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string s = spec.Trim();
        if (s.Length == 0) throw new ConcordException("no features requested; give 'paper', 'all' or a comma-separated list of names");
        if (s == "paper") return PaperSet;
        if (s == "all") return _all;
        return s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(n => n == "paper" ? PaperSet : n == "all" ? _all : [Get(n)])
            .Distinct().ToList();
    }

    private void Add(FeatureDefinition d)
    {
        if (!_byName.TryAdd(d.Name, d)) throw new ConcordException($"feature set: duplicate feature name '{d.Name}'");
        _all.Add(d);
    }

    private static string Describe(WaveletStatistic s) => s switch
    {
        WaveletStatistic.Mean => "the mean",
        WaveletStatistic.Median => "the median",
        WaveletStatistic.Std => "the population standard deviation",
        WaveletStatistic.Var => "the population variance",
        WaveletStatistic.Kurtosis => "the Fisher kurtosis (biased moments; 0 for constant rows)",
        WaveletStatistic.Q25 => "the 25th percentile (linear interpolation)",
        WaveletStatistic.Q75 => "the 75th percentile (linear interpolation)",
        _ => s.ToString(),
    };
}
