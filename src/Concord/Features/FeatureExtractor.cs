using System.Runtime.CompilerServices;
using Concord.Spectral;

namespace Concord.Features;

/// <summary>
/// Computes a fixed list of features for one clip at a time. Everything a clip needs is computed once and shared:
/// one pass over the STFT gives all four spectral features, each Ricker CWT (per layout and width) is computed once
/// for all its statistics (order statistics select their values in a copy of each row rather than sorting it), each DWT
/// once for both detail bands, and composites reuse their parts. Thread-safe: <see cref="Compute"/> keeps no state between calls.
/// </summary>
public sealed class FeatureExtractor
{
    private readonly FeatureOptions _options;

    /// <summary>The features, in the order <see cref="Compute"/> returns them.</summary>
    public IReadOnlyList<FeatureDefinition> Features { get; }

    /// <summary>True when some feature needs the raw audio or its STFT (so a bare mel spectrogram is not enough).</summary>
    public bool NeedsAudio { get; }

    public FeatureExtractor(FeatureOptions options, IReadOnlyList<FeatureDefinition> features)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(features);
        options.ThrowIfInvalid();
        if (features.Count == 0) throw new ConcordException("no features requested");
        _options = options;
        Features = features;
        NeedsAudio = features.Any(f => f.Source != FeatureSource.MelDecibels);
    }

    /// <summary>Dimension of each feature for a mel spectrogram of <paramref name="mels"/> × <paramref name="frames"/>.</summary>
    public int[] Dimensions(int mels, int frames) => Features.Select(f => f.Dimension(mels, frames)).ToArray();

    /// <summary>One vector per feature (in <see cref="Features"/> order) for the clip <paramref name="input"/>.</summary>
    /// <exception cref="ConcordException">A feature needs raw audio and the input is a bare mel spectrogram.</exception>
    public double[][] Compute(FeatureInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (NeedsAudio && input.Samples is null)
            throw new ConcordException($"feature '{Features.First(f => f.Source != FeatureSource.MelDecibels).Name}' needs the raw audio; " +
                "the input is a mel spectrogram only (request mel-based features, or give an audio file)");
        var clip = new ClipComputation(_options, input);
        return Features.Select(clip.Get).ToArray();
    }

    /// <summary>The per-clip cache of shared intermediates.</summary>
    private sealed class ClipComputation(FeatureOptions options, FeatureInput input)
    {
        private readonly Dictionary<FeatureDefinition, double[]> _results = [];
        private readonly Dictionary<(WaveletLayout, int), double[]> _cwt = [];
        private readonly Dictionary<DwtWavelet, Dwt2Details> _dwt = [];
        private SpectralFrameFeatures? _spectral;
        private double[]? _melRows, _melColumns;

        private Spectrogram Mel => input.MelDecibels;

        public double[] Get(FeatureDefinition f)
        {
            if (_results.TryGetValue(f, out var r)) return r;
            r = f switch
            {
                FrameFeature ff => Frame(ff.Kind),
                TimeToDecibelsFeature td => PowerFeatures.TimeToDecibels(Mel, td.ThresholdDb, options.NeverReachedFor(Mel.Frames)),
                WaveletFeature wf => Wavelet(wf),
                Dwt2Feature df => Dwt(df),
                CompositeFeature cf => cf.Parts.SelectMany(Get).ToArray(),
                _ => throw new NotSupportedException($"feature type {f.GetType().Name}"),
            };
            _results[f] = r;
            return r;
        }

        private double[] Frame(FrameFeatureKind kind) => kind switch
        {
            FrameFeatureKind.Rms => SpectralFeatures.Rms(input.Samples!, options.FrameLength, options.HopLength, options.PadMode),
            FrameFeatureKind.MedianPower => PowerFeatures.MedianPower(Mel),
            FrameFeatureKind.MeanPower => PowerFeatures.MeanPower(Mel),
            FrameFeatureKind.SpectralCentroid => Spectral().Centroid,
            FrameFeatureKind.SpectralBandwidth => Spectral().Bandwidth,
            FrameFeatureKind.SpectralFlatness => Spectral().Flatness,
            FrameFeatureKind.SpectralRolloff => Spectral().Rolloff,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        private SpectralFrameFeatures Spectral() =>
            _spectral ??= SpectralFeatures.Compute(input.StftPower!, options.SpectralRateFor(input.SampleRateHz!.Value), options);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double[] Wavelet(WaveletFeature wf)
        {
            var key = (wf.Layout, wf.Width);
            bool perBin = wf.Layout == WaveletLayout.PerMelBin;
            int rows = perBin ? Mel.Bins : Mel.Frames, length = perBin ? Mel.Frames : Mel.Bins;
            if (wf.Statistic == WaveletStatistic.Mean && !_cwt.ContainsKey(key))
            {
                // mean over a CWT row = a dot product with fixed weights (RickerWavelet.MeanWeights): no convolution needed
                var source = perBin ? (_melRows ??= MelRows()) : (_melColumns ??= MelColumns());
                var weights = RickerWavelet.MeanWeights(wf.Width, length);
                var means = new double[rows];
                for (int r = 0; r < rows; r++)
                {
                    var row = source.AsSpan(r * length, length);
                    double sum = 0;
                    for (int j = 0; j < length; j++) sum += row[j] * weights[j];
                    means[r] = sum;
                }
                return means;
            }
            if (!_cwt.TryGetValue(key, out var cwt))
            {
                var source = perBin ? (_melRows ??= MelRows()) : (_melColumns ??= MelColumns());
                cwt = new double[rows * length];
                RickerWavelet.TransformRows(source, rows, length, wf.Width, cwt);
                _cwt[key] = cwt;
            }
            // order statistics select their values in a scratch copy of each row (no sort); the moments read the row itself
            var scratch = new double[length];
            var result = new double[rows];
            for (int r = 0; r < rows; r++)
                result[r] = RowStatistics.Compute(cwt.AsSpan(r * length, length), wf.Statistic, options.KurtosisOfConstant, scratch);
            return result;
        }

        private double[] Dwt(Dwt2Feature df)
        {
            if (!_dwt.TryGetValue(df.Wavelet, out var d)) _dwt[df.Wavelet] = d = Dwt2.Compute(Mel, df.Wavelet);
            return df.Detail == DwtDetail.Horizontal ? d.Horizontal : d.Vertical;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double[] MelRows()
        {
            var v = Mel.Values;
            var d = new double[v.Length];
            for (int i = 0; i < v.Length; i++) d[i] = v[i];
            return d;
        }

        private double[] MelColumns()
        {
            int bins = Mel.Bins, frames = Mel.Frames;
            var d = new double[bins * frames];
            for (int m = 0; m < bins; m++)
                for (int t = 0; t < frames; t++)
                    d[t * bins + m] = Mel.Values[m * frames + t];
            return d;
        }
    }
}
